// Local debugging in a real Teams (docs/deploy.md, "Lokalt i et rigtigt Teams"): only an Azure Bot registration
// whose messaging endpoint is the developer's dev tunnel. The bot runs on the developer's machine with the
// single-tenant Entra app m365agents.local.yml creates (client secret in env/.env.local.user, never committed).
targetScope = 'resourceGroup'

@description('Resource name, unique in Azure: ddh-bot-local-<Entra app id>')
@minLength(4)
@maxLength(64)
param name string

@description('Client id of the single-tenant Entra app (aadApp/create)')
param botAppId string

@description('The developer tenant the app is registered in')
param botTenantId string

@description('https address of the dev tunnel, without /api/messages')
param botEndpoint string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: 'Den Digitale Hotline (lokal)'
    endpoint: '${botEndpoint}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel', properties: { isEnabled: true } }
}

output BOT_SERVICE_NAME string = bot.name
