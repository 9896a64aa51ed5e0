/** The six answers the line gives. These ids are a stable contract: prompts/ and callers' keys name them. */
export const TOPIC_IDS = ['what-is-iop', 'program', 'cost', 'length', 'curriculum', 'drug-testing'] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

/** Requests that are not answers: a person, hear it again, the menu, danger, the other language. */
export const REQUEST_INTENTS = ['intake', 'repeat', 'menu', 'crisis', 'language'] as const;
export type RequestIntent = (typeof REQUEST_INTENTS)[number];

export type Intent = TopicId | RequestIntent;

export function isTopicId(value: unknown): value is TopicId {
  return typeof value === 'string' && (TOPIC_IDS as readonly string[]).includes(value);
}
