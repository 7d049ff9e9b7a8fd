import { isJsonMediaType, mergedJsonDocument, postedJsonObject } from './document-merge';

const json = (value: unknown, contentType = 'application/json') => ({ contentType, text: typeof value === 'string' ? value : JSON.stringify(value) });

describe('merging a posted JSON document into the stored one', () => {
  it('given two JSON objects, when posted, then the posted top-level properties replace or join the stored ones', () => {
    const merged = mergedJsonDocument(json({ bookmark: 'p1', progress: { page: 1, total: 9 }, done: false }), json({ progress: { page: 2 }, score: 80 }, 'application/json; charset=utf-8'));
    expect(merged.ok && JSON.parse(merged.value)).toEqual({ bookmark: 'p1', progress: { page: 2 }, done: false, score: 80 });
  });

  it.each([
    ['the stored document is not JSON', json('bookmark=p1', 'text/plain'), json({ a: 1 }), 'stored document is text/plain'],
    ['the posted document is not JSON', json({ a: 1 }), json('a=1', 'application/octet-stream'), 'body is application/octet-stream'],
    ['the stored JSON is an array', json([1, 2]), json({ a: 1 }), 'stored document is not a JSON object'],
    ['the posted JSON is a string', json({ a: 1 }), json('"text"'), 'body is not a JSON object'],
    ['the posted JSON is malformed', json({ a: 1 }), json('{ "a": '), 'body is not a JSON object'],
  ])('given %s, when posted, then it is refused (400)', (_case, stored, posted, message) => {
    const merged = mergedJsonDocument(stored, posted);
    expect(merged.ok).toBe(false);
    expect(merged.ok ? '' : merged.errors.join('; ')).toContain(message);
  });

  it.each([
    ['null', json(null)],
    ['an array', json([1])],
    ['a number', json(5)],
    ['text', json('bookmark=p1', 'text/plain')],
  ])('given a posted body that is %s, with or without a stored document, then it is refused naming the body', (_case, posted) => {
    const outcome = postedJsonObject(posted);
    expect(outcome.ok ? [] : outcome.errors.map((message) => message.split(' ')[0])).toEqual(['body']);
  });

  it('given a posted JSON object, then it is the document to store or merge', () => {
    expect(postedJsonObject(json({ bookmark: 'p2' }, 'application/json; charset=utf-8'))).toEqual({ ok: true, value: { bookmark: 'p2' } });
  });

  it('reads application/json with parameters and in any case as JSON, and nothing else', () => {
    expect([isJsonMediaType('application/json'), isJsonMediaType('Application/JSON; charset=UTF-8'), isJsonMediaType('application/json-patch+json'), isJsonMediaType(null)]).toEqual([true, true, false, false]);
  });
});
