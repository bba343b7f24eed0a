// DDH Teams bot in Azure: App Service (Linux, Node 22), PostgreSQL Flexible Server, Key Vault,
// a user-assigned managed identity as the bot's identity, the Azure Bot with the Teams channel,
// and Application Insights on a Log Analytics workspace.
targetScope = 'resourceGroup'

@description('Short name used in resource names, e.g. ddh-bot')
param name string = 'ddh-bot'
param location string = resourceGroup().location
@description('Entra tenant of DDH (single-tenant bot)')
param tenantId string = subscription().tenantId
@description('Tenants whose users may talk to the bot (member municipalities), comma-separated')
param allowedTenantIds string
@description('Teams app id (manifest id)')
param teamsAppId string
@description('PostgreSQL administrator login (password goes to Key Vault)')
param postgresAdmin string = 'ddhadmin'
@secure()
param postgresPassword string
param appServiceSku string = 'B1'

var uniq = uniqueString(resourceGroup().id, name)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: { retentionInDays: 30, sku: { name: 'PerGB2018' } }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-ai'
  location: location
  kind: 'web'
  properties: { Application_Type: 'Node.JS', WorkspaceResourceId: logs.id }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${uniq}'
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
  }
}

// The app reads its secrets through Key Vault references with its managed identity.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, 'kv-secrets-user')
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
  }
}

resource pg 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${name}-pg-${uniq}'
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdmin
    administratorLoginPassword: postgresPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 14, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource pgDb 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: pg
  name: 'ddh'
}

resource pgAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: pg
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource dbUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'database-url'
  properties: { value: 'postgres://${postgresAdmin}:${postgresPassword}@${pg.properties.fullyQualifiedDomainName}:5432/ddh?sslmode=require' }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-${uniq}'
  location: location
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/src/app/main.js'
      healthCheckPath: '/readyz'
      alwaysOn: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'BOT_AUTH_TYPE', value: 'UserAssignedMSI' }
        { name: 'MICROSOFT_APP_ID', value: identity.properties.clientId }
        { name: 'MICROSOFT_APP_TENANT_ID', value: tenantId }
        { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'PUBLIC_BASE_URL', value: 'https://${name}-${uniq}.azurewebsites.net' }
        { name: 'DATABASE_URL', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=database-url)' }
        { name: 'LINK_SIGNING_SECRET', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=link-signing-secret)' }
        { name: 'INGEST_HMAC_SECRET', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=ingest-hmac-secret)' }
        { name: 'ENGAGE_TOKEN_KEY', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=engage-token-key)' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-${uniq}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'Den Digitale Hotline'
    endpoint: 'https://${app.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel', properties: { isEnabled: true } }
}

output appUrl string = 'https://${app.properties.defaultHostName}'
output botAppId string = identity.properties.clientId
output keyVault string = vault.name
