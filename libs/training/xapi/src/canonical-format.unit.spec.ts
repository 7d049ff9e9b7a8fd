import { acceptedLanguages, bestLanguageOf, inCanonicalFormat } from './canonical-format';
import { Statement } from './statement';

const MAP = { 'en-US': 'completed', 'id-ID': 'menyelesaikan', 'en-GB': 'completed (GB)' };

describe('Accept-Language', () => {
  it('lists the ranges best first, equal weights in the order given, q=0 and malformed ranges left out', () => {
    expect(acceptedLanguages('en;q=0.5, id-ID, fr;q=0, de;q=0.5, x y, *;q=0.1')).toEqual(['id-id', 'en', 'de', '*']);
  });

  it('is empty without a header', () => expect(acceptedLanguages(undefined)).toEqual([]));
});

describe('the one language of a language map', () => {
  it.each([
    ['id-ID', ['id-id'], { 'id-ID': 'menyelesaikan' }],
    ['en-GB then en-US', ['en-gb', 'en-us'], { 'en-GB': 'completed (GB)' }],
    ['id (a prefix of id-ID)', ['id'], { 'id-ID': 'menyelesaikan' }],
    ['id-ID-x-palembang (truncated to id-ID)', ['id-id-x-palembang'], { 'id-ID': 'menyelesaikan' }],
    ['fr, then id', ['fr', 'id'], { 'id-ID': 'menyelesaikan' }],
    ['fr only (the first entry)', ['fr'], { 'en-US': 'completed' }],
    ['nothing (the first entry)', [], { 'en-US': 'completed' }],
    ['* (the first entry)', ['*'], { 'en-US': 'completed' }],
  ])('for a reader who asks %s', (_, languages, expected) => {
    expect(bestLanguageOf(MAP, languages)).toEqual(expected);
  });
});

describe('format=canonical', () => {
  const statement = {
    id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
    actor: { name: 'Budi', mbox: 'mailto:budi@palembang.go.id' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: MAP },
    object: {
      id: 'https://lms.palembang.go.id/quiz',
      definition: {
        name: { 'en-US': 'Quiz', 'id-ID': 'Kuis' },
        description: { 'en-US': 'A quiz', 'id-ID': 'Sebuah kuis' },
        interactionType: 'choice',
        choices: [{ id: 'a', description: { 'en-US': 'Yes', 'id-ID': 'Ya' } }],
      },
    },
    context: { contextActivities: { parent: [{ id: 'https://lms.palembang.go.id/course', definition: { name: { 'en-US': 'Course', 'id-ID': 'Kursus' } } }] } },
    attachments: [{ usageType: 'http://id.tincanapi.com/attachment/certificate', display: { 'en-US': 'Certificate', 'id-ID': 'Sertifikat' }, contentType: 'application/pdf', length: 1, sha2: 'a'.repeat(64) }],
  } as unknown as Statement;

  it("keeps one language in every language map, the reader's where there is one, and the agents as they are", () => {
    expect(inCanonicalFormat(statement, ['id'])).toEqual({
      ...statement,
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'id-ID': 'menyelesaikan' } },
      object: {
        id: 'https://lms.palembang.go.id/quiz',
        definition: { name: { 'id-ID': 'Kuis' }, description: { 'id-ID': 'Sebuah kuis' }, interactionType: 'choice', choices: [{ id: 'a', description: { 'id-ID': 'Ya' } }] },
      },
      context: { contextActivities: { parent: [{ id: 'https://lms.palembang.go.id/course', definition: { name: { 'id-ID': 'Kursus' } } }] } },
      attachments: [{ ...(statement.attachments?.[0] ?? {}), display: { 'id-ID': 'Sertifikat' } }],
    });
  });

  it('filters a SubStatement likewise', () => {
    const planned = { ...statement, object: { objectType: 'SubStatement', actor: statement.actor, verb: statement.verb, object: statement.object } } as unknown as Statement;
    const canonical = inCanonicalFormat(planned, ['en-us']) as unknown as { object: { verb: { display: object }; object: { definition: { name: object } } } };
    expect([canonical.object.verb.display, canonical.object.object.definition.name]).toEqual([{ 'en-US': 'completed' }, { 'en-US': 'Quiz' }]);
  });
});
