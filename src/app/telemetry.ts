/**
 * OpenTelemetry to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set: HTTP requests,
 * outgoing calls and PostgreSQL as dependencies, plus the bot's own job and delivery counters.
 * Attributes are names and statuses only; nothing personal is recorded.
 */
import type { Config } from './config.js';

export async function startTelemetry(config: Config): Promise<{ shutdown(): Promise<void> } | null> {
  if (!config.APPLICATIONINSIGHTS_CONNECTION_STRING) return null;
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: config.APPLICATIONINSIGHTS_CONNECTION_STRING },
    instrumentationOptions: {
      http: { enabled: true },
      postgreSql: { enabled: true },
      redis: { enabled: false },
      redis4: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
    },
    enableLiveMetrics: false,
  });
  return { shutdown: () => shutdownAzureMonitor() };
}
