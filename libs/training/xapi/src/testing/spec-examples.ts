/** Examples from the xAPI 1.0.3 specification (github.com/adlnet/xAPI-Spec, xAPI-Data.md), as JSON values. */

/** 2.4.s2: the simplest Statement using all properties that MUST or SHOULD be used. */
export const SPEC_MINIMAL = {
  id: '12345678-1234-5678-1234-567812345678',
  actor: { mbox: 'mailto:xapi@adlnet.gov' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/created', display: { 'en-US': 'created' } },
  object: { id: 'http://example.adlnet.gov/xapi/example/activity' },
};

/** Appendix A: "Completion with Verb named attempted and Duration expressed in seconds". */
export const SPEC_WITH_RESULT = {
  id: '7ccd3322-e1a5-411a-a67d-6a735c76f119',
  timestamp: '2015-12-18T12:17:00+00:00',
  actor: { objectType: 'Agent', name: 'Example Learner', mbox: 'mailto:example.learner@adlnet.gov' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted' } },
  object: {
    id: 'http://example.adlnet.gov/xapi/example/simpleCBT',
    definition: { name: { 'en-US': 'simple CBT course' }, description: { 'en-US': 'A fictitious example CBT course.' } },
  },
  result: { score: { scaled: 0.95 }, success: true, completion: true, duration: 'PT1234S' },
};

/** Appendix A: the long example, as returned by an LRS (authority, stored, version set). */
export const SPEC_LONG = {
  id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee',
  actor: {
    name: 'Team PB',
    mbox: 'mailto:teampb@example.com',
    member: [
      { name: 'Andrew Downes', account: { homePage: 'http://www.example.com', name: '13936749' }, objectType: 'Agent' },
      { name: 'Toby Nichols', openid: 'http://toby.openid.example.org/', objectType: 'Agent' },
      { name: 'Ena Hills', mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9', objectType: 'Agent' },
    ],
    objectType: 'Group',
  },
  verb: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-GB': 'attended', 'en-US': 'attended' } },
  result: {
    extensions: { 'http://example.com/profiles/meetings/resultextensions/minuteslocation': 'X:\\meetings\\minutes\\examplemeeting.one' },
    success: true,
    completion: true,
    response: 'We agreed on some example actions.',
    duration: 'PT1H0M0S',
  },
  context: {
    registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
    contextActivities: {
      parent: [{ id: 'http://www.example.com/meetings/series/267', objectType: 'Activity' }],
      category: [
        {
          id: 'http://www.example.com/meetings/categories/teammeeting',
          objectType: 'Activity',
          definition: {
            name: { en: 'team meeting' },
            description: { en: 'A category of meeting used for regular team meetings.' },
            type: 'http://example.com/expapi/activities/meetingcategory',
          },
        },
      ],
      other: [
        { id: 'http://www.example.com/meetings/occurances/34257', objectType: 'Activity' },
        { id: 'http://www.example.com/meetings/occurances/3425567', objectType: 'Activity' },
      ],
    },
    instructor: { name: 'Andrew Downes', account: { homePage: 'http://www.example.com', name: '13936749' }, objectType: 'Agent' },
    team: { name: 'Team PB', mbox: 'mailto:teampb@example.com', objectType: 'Group' },
    platform: 'Example virtual meeting software',
    language: 'tlh',
    statement: { objectType: 'StatementRef', id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' },
  },
  timestamp: '2013-05-18T05:32:34.804+00:00',
  stored: '2013-05-18T05:32:34.804+00:00',
  authority: { account: { homePage: 'http://cloud.scorm.com/', name: 'anonymous' }, objectType: 'Agent' },
  version: '1.0.0',
  object: {
    id: 'http://www.example.com/meetings/occurances/34534',
    definition: {
      extensions: { 'http://example.com/profiles/meetings/activitydefinitionextensions/room': { name: 'Kilby', id: 'http://example.com/rooms/342' } },
      name: { 'en-GB': 'example meeting', 'en-US': 'example meeting' },
      description: {
        'en-GB': 'An example meeting that happened on a specific occasion with certain people present.',
        'en-US': 'An example meeting that happened on a specific occasion with certain people present.',
      },
      type: 'http://adlnet.gov/expapi/activities/meeting',
      moreInfo: 'http://virtualmeeting.example.com/345256',
    },
    objectType: 'Activity',
  },
};

/** 2.3.2.s3: a Statement voiding e05aa883-…. */
export const SPEC_VOIDING = {
  actor: { objectType: 'Agent', name: 'Example Admin', mbox: 'mailto:admin@example.adlnet.gov' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
  object: { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' },
};

/** 2.4.4.3.s9: "I planned to visit Some Awesome Website". */
export const SPEC_SUB_STATEMENT = {
  actor: { objectType: 'Agent', mbox: 'mailto:test@example.com' },
  verb: { id: 'http://example.com/planned', display: { 'en-US': 'planned' } },
  object: {
    objectType: 'SubStatement',
    actor: { objectType: 'Agent', mbox: 'mailto:test@example.com' },
    verb: { id: 'http://example.com/visited', display: { 'en-US': 'will visit' } },
    object: { objectType: 'Activity', id: 'http://example.com/website', definition: { name: { 'en-US': 'Some Awesome Website' } } },
  },
};

/** Appendix B: an Identified Group as the object. */
export const SPEC_GROUP_OBJECT = {
  name: 'Example Group',
  account: { homePage: 'http://example.com/homePage', name: 'GroupAccount' },
  objectType: 'Group',
  member: [
    { name: 'Andrew Downes', mbox: 'mailto:andrew@example.com', objectType: 'Agent' },
    { name: 'Aaron Silvers', openid: 'http://aaron.openid.example.org', objectType: 'Agent' },
  ],
};

/** Appendix C: a choice interaction definition. */
export const SPEC_CHOICE_DEFINITION = {
  description: { 'en-US': 'Which of these prototypes are available at the beta site?' },
  type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  interactionType: 'choice',
  correctResponsesPattern: ['golf[,]tetris'],
  choices: [
    { id: 'golf', description: { 'en-US': 'Golf Example' } },
    { id: 'facebook', description: { 'en-US': 'Facebook App' } },
    { id: 'tetris', description: { 'en-US': 'Tetris Example' } },
    { id: 'scrabble', description: { 'en-US': 'Scrabble Example' } },
  ],
};

/** 1.5.2.s6 (xAPI-Communication): an attachment header. */
export const SPEC_ATTACHMENT = {
  usageType: 'http://example.com/attachment-usage/test',
  display: { 'en-US': 'A test attachment' },
  description: { 'en-US': 'A test attachment (description)' },
  contentType: 'text/plain; charset=ascii',
  length: 27,
  sha2: '495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a',
};

/** A civil servant's completion as the LMS of Palembang sends it. */
export const LMS_COMPLETION = {
  id: '3f2b8a4e-1c7d-4e9a-9b2f-6a1d2c3e4f50',
  actor: { objectType: 'Agent', name: 'Siti Aminah', account: { homePage: 'https://simpeg.palembang.go.id', name: '198503122010012003' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'id-ID': 'menyelesaikan', 'en-US': 'completed' } },
  object: { objectType: 'Activity', id: 'https://lms.palembang.go.id/course/pelayanan-publik-dasar', definition: { name: { 'id-ID': 'Pelayanan Publik Dasar' } } },
  result: { completion: true, success: true, score: { raw: 87, min: 0, max: 100, scaled: 0.87 }, duration: 'PT12H30M' },
  context: { registration: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', platform: 'Moodle 4.3', language: 'id-ID' },
  timestamp: '2026-11-20T15:45:00+07:00',
};

/** A copy of an example open to any edit, valid or not: tests build invalid Statements from valid ones. */
export type Editable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A deep copy of an example with one change made by `edit`. */
export function edited<T>(example: T, edit: (copy: Editable) => void): unknown {
  const copy = structuredClone(example) as Editable;
  edit(copy);
  return copy;
}
