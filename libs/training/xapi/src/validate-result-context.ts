import { Problems, allowOnly, arrayAt, at, booleanAt, extensionsAt, field, isJsonObject, languageMapAt, numberAt, objectAt, textAt } from './check';
import { checkActivityValue } from './validate-activity';
import { checkActor } from './validate-actor';
import { checkStatementRefValue } from './validate-object';
import { CONTEXT_ACTIVITY_KINDS } from './statement';

const RESULT_KEYS = ['score', 'success', 'completion', 'response', 'duration', 'extensions'];
const CONTEXT_KEYS = ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions'];
const ATTACHMENT_KEYS = ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'];

export function checkResult(value: unknown, path: string, problems: Problems): void {
  const result = objectAt(value, path, problems);
  if (!result) return;
  allowOnly(result, RESULT_KEYS, path, problems);
  const score = field(result, 'score', path, problems);
  if (score !== undefined) checkScore(score, at(path, 'score'), problems);
  booleanAt(result, 'success', path, problems);
  booleanAt(result, 'completion', path, problems);
  textAt(result, 'response', 'string', path, problems);
  textAt(result, 'duration', 'duration', path, problems);
  extensionsAt(result, 'extensions', path, problems);
}

/** scaled in [-1, 1]; min < max; raw within [min, max] when they are given (2.4.5.1). */
function checkScore(value: unknown, path: string, problems: Problems): void {
  const score = objectAt(value, path, problems);
  if (!score) return;
  allowOnly(score, ['scaled', 'raw', 'min', 'max'], path, problems);
  const scaled = numberAt(score, 'scaled', path, problems);
  const raw = numberAt(score, 'raw', path, problems);
  const min = numberAt(score, 'min', path, problems);
  const max = numberAt(score, 'max', path, problems);
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) problems.push(`${at(path, 'scaled')} must be between -1 and 1`);
  if (min !== undefined && max !== undefined && min >= max) problems.push(`${at(path, 'min')} must be less than ${at(path, 'max')}`);
  if (raw !== undefined && min !== undefined && raw < min) problems.push(`${at(path, 'raw')} must not be less than ${at(path, 'min')}`);
  if (raw !== undefined && max !== undefined && raw > max) problems.push(`${at(path, 'raw')} must not be greater than ${at(path, 'max')}`);
}

/** revision and platform only when the object is an Activity (2.4.6.s4.b1, b2); team is a Group. */
export function checkContext(value: unknown, path: string, problems: Problems, objectIsActivity: boolean): void {
  const context = objectAt(value, path, problems);
  if (!context) return;
  allowOnly(context, CONTEXT_KEYS, path, problems);
  textAt(context, 'registration', 'UUID', path, problems);
  const instructor = field(context, 'instructor', path, problems);
  if (instructor !== undefined) checkActor(instructor, at(path, 'instructor'), problems);
  const team = field(context, 'team', path, problems);
  if (team !== undefined && !(isJsonObject(team) && team['objectType'] === 'Group')) problems.push(`${at(path, 'team')} must be a Group (objectType Group)`);
  else if (team !== undefined) checkActor(team, at(path, 'team'), problems);
  const activities = field(context, 'contextActivities', path, problems);
  if (activities !== undefined) checkContextActivities(activities, at(path, 'contextActivities'), problems);
  for (const key of ['revision', 'platform']) {
    textAt(context, key, 'string', path, problems);
    if (context[key] !== undefined && !objectIsActivity) problems.push(`${at(path, key)} is only allowed when the object is an Activity`);
  }
  textAt(context, 'language', 'languageTag', path, problems);
  const statement = field(context, 'statement', path, problems);
  if (statement !== undefined) checkStatementRefValue(statement, at(path, 'statement'), problems);
  extensionsAt(context, 'extensions', path, problems);
}

/** Keys parent, grouping, category, other; each an Activity or an array of them (2.4.6.2.s4). */
function checkContextActivities(value: unknown, path: string, problems: Problems): void {
  const activities = objectAt(value, path, problems);
  if (!activities) return;
  allowOnly(activities, CONTEXT_ACTIVITY_KINDS, path, problems);
  for (const kind of CONTEXT_ACTIVITY_KINDS) {
    const entry = field(activities, kind, path, problems);
    if (Array.isArray(entry)) entry.forEach((activity, index) => checkActivityValue(activity, at(at(path, kind), index), problems));
    else if (entry !== undefined) checkActivityValue(entry, at(path, kind), problems);
  }
}

/** Attachment headers (2.4.11); the raw data travels in multipart/mixed and is the HTTP layer's concern. */
export function checkAttachments(owner: Readonly<Record<string, unknown>>, path: string, problems: Problems): void {
  const attachments = arrayAt(owner, 'attachments', path, problems);
  attachments?.forEach((value, index) => {
    const attachmentPath = at(at(path, 'attachments'), index);
    const attachment = objectAt(value, attachmentPath, problems);
    if (!attachment) return;
    allowOnly(attachment, ATTACHMENT_KEYS, attachmentPath, problems);
    textAt(attachment, 'usageType', 'IRI', attachmentPath, problems, true);
    languageMapAt(attachment, 'display', attachmentPath, problems, true);
    languageMapAt(attachment, 'description', attachmentPath, problems);
    textAt(attachment, 'contentType', 'mediaType', attachmentPath, problems, true);
    const length = numberAt(attachment, 'length', attachmentPath, problems);
    if (attachment['length'] === undefined) problems.push(`${at(attachmentPath, 'length')} is required`);
    else if (length !== undefined && (!Number.isInteger(length) || length < 0)) problems.push(`${at(attachmentPath, 'length')} must be a non-negative integer`);
    textAt(attachment, 'sha2', 'SHA2', attachmentPath, problems, true);
    textAt(attachment, 'fileUrl', 'IRL', attachmentPath, problems);
  });
}
