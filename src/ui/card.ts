/**
 * The card layer: an Adaptive Card is JSON built from a template in cards/ by one typed builder.
 * Capabilities and the platform share this type; only src/ui touches adaptivecards-templating.
 */

/** An Adaptive Card as JSON, ready to send. */
export type Card = Record<string, unknown>;
