import { Activity, Actor, Agent, Context, IFI_KEYS, Statement, StatementObject, SubStatement, Verb, isActivity, isGroup } from './statement';

/**
 * GET statements with format=ids: Agents, Groups, Activities and Verbs reduced to what identifies them; Anonymous
 * Groups keep their members, each reduced likewise (xAPI-Communication 2.1.3, "format"). Verb display goes (2.4.3.s6.b2).
 */
export function inIdsFormat<T extends Statement>(statement: T): T {
  return { ...statement, ...idsOfBody(statement), ...(statement.authority && { authority: idsOfActor(statement.authority) }) };
}

function idsOfBody(statement: Statement | SubStatement): Partial<Statement> {
  return {
    actor: idsOfActor(statement.actor),
    verb: idsOfVerb(statement.verb),
    object: idsOfObject(statement.object),
    ...(statement.context && { context: idsOfContext(statement.context) }),
  };
}

function idsOfActor(actor: Actor): Actor {
  const identifier = IFI_KEYS.find((key) => actor[key] !== undefined);
  if (!isGroup(actor)) return idsOfAgent(actor);
  return { objectType: 'Group', ...(identifier ? { [identifier]: actor[identifier] } : { member: (actor.member ?? []).map(idsOfAgent) }) };
}

function idsOfAgent(agent: Agent): Agent {
  const identifier = IFI_KEYS.find((key) => agent[key] !== undefined);
  return { ...(agent.objectType && { objectType: agent.objectType }), ...(identifier && { [identifier]: agent[identifier] }) };
}

function idsOfVerb(verb: Verb): Verb {
  return { id: verb.id };
}

function idsOfActivity(activity: Activity): Activity {
  return { ...(activity.objectType && { objectType: activity.objectType }), id: activity.id };
}

function idsOfObject(object: StatementObject): StatementObject {
  if (isActivity(object)) return idsOfActivity(object);
  switch (object.objectType) {
    case 'StatementRef':
      return object;
    case 'SubStatement':
      return { ...object, ...idsOfBody(object) } as SubStatement;
    default:
      return idsOfActor(object) as StatementObject;
  }
}

function idsOfContext(context: Context): Context {
  const activities = Object.entries(context.contextActivities ?? {}).map(([kind, value]) => [
    kind,
    Array.isArray(value) ? value.map(idsOfActivity) : idsOfActivity(value as Activity),
  ]);
  return {
    ...context,
    ...(context.instructor && { instructor: idsOfActor(context.instructor) }),
    ...(context.team && { team: idsOfActor(context.team) as Context['team'] }),
    ...(context.contextActivities && { contextActivities: Object.fromEntries(activities) }),
  };
}
