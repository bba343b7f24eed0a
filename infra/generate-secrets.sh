#!/bin/bash
# Runs inside Azure as main.bicep's deployment script (Azure CLI image, identity with Key Vault Secrets Officer and,
# with Graph, Certificates Officer). Creates every secret in $SECRETS and certificate in $CERTIFICATES that the vault
# $VAULT does not have yet. Existing ones are never touched, so a redeployment does not rotate anything. Values are
# made here and go straight into Key Vault: they are not in parameters, outputs or the deployment history.
set -euo pipefail

# A new role assignment can take minutes to reach Key Vault: wait until listing works before deciding what is missing
# (a 403 must never be mistaken for "missing", or an existing secret would be overwritten).
for attempt in $(seq 1 20); do
  if names=$(az keyvault secret list --vault-name "$VAULT" --include-managed --query '[].name' -o tsv); then break; fi
  [ "$attempt" = 20 ] && { echo "Key Vault $VAULT kan ikke læses" >&2; exit 1; }
  sleep 15
done

for s in $SECRETS; do
  if grep -qx "$s" <<<"$names"; then
    echo "$s: findes allerede"
    continue
  fi
  # 32 random bytes, base64: a 256-bit key (ENGAGE_TOKEN_KEY) and a long enough HMAC/signing secret.
  value=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
  az keyvault secret set --vault-name "$VAULT" --name "$s" --value "$value" --output none
  echo "$s: oprettet"
done

# Self-signed certificate for the Graph application, exported as PEM (private key + certificate) through its secret.
# Renewal is by e-mail to the vault's contacts, not automatic: a new key must be uploaded to the Entra app first.
policy='{
  "issuerParameters": { "name": "Self" },
  "keyProperties": { "exportable": true, "keyType": "RSA", "keySize": 2048, "reuseKey": false },
  "secretProperties": { "contentType": "application/x-pem-file" },
  "x509CertificateProperties": {
    "subject": "CN=DDH Teams-bot Graph",
    "keyUsage": ["digitalSignature"],
    "validityInMonths": 12
  },
  "lifetimeActions": [{ "trigger": { "daysBeforeExpiry": 30 }, "action": { "actionType": "EmailContacts" } }]
}'
certificates=''
if [ -n "${CERTIFICATES:-}" ]; then
  for attempt in $(seq 1 20); do
    if certificates=$(az keyvault certificate list --vault-name "$VAULT" --query '[].name' -o tsv); then break; fi
    [ "$attempt" = 20 ] && { echo "Certifikaterne i $VAULT kan ikke læses" >&2; exit 1; }
    sleep 15
  done
fi
for c in ${CERTIFICATES:-}; do
  if grep -qx "$c" <<<"$certificates"; then
    echo "$c: findes allerede"
    continue
  fi
  az keyvault certificate create --vault-name "$VAULT" --name "$c" --policy "$policy" --output none
  echo "$c: oprettet (upload den offentlige del til Graph-appen, se docs/deploy.md)"
done
