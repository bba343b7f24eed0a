/**
 * The bot's own metrics through the OpenTelemetry API: a no-op unless telemetry is started (src/app/telemetry.ts).
 * Attributes are job names and outcome statuses, never people or text.
 */
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('ddh-bot');

export const jobCounter = meter.createCounter('ddh.jobs', { description: 'Durable jobs run, by name and result' });
export const deliveryCounter = meter.createCounter('ddh.deliveries', {
  description: 'Proactive messages by final outcome',
});
