# A short-lived token that exists only while terraform runs: it is never written to state or plan files,
# and it is revoked when terraform is done with it (also when the run fails or is interrupted).
# Requires Terraform 1.10 or later. This works on the first apply, with the user created in the same
# configuration: what needs the token is planned while the token is unknown, and runs at apply.

variable "aiven_api_url" {
  description = "The Aiven-compatible API: https://api.aiven.io, or a Tessera server such as http://127.0.0.1:8080."
  type        = string
}

provider "aiven" {
  api_url = var.aiven_api_url # the token comes from AIVEN_TOKEN
}

resource "aiven_organization" "main" {
  name = "Example organization"
}

resource "aiven_organization_application_user" "deployer" {
  organization_id = aiven_organization.main.id
  name            = "deployer"
  is_super_admin  = true
}

ephemeral "aiven_organization_application_user_token" "deploy" {
  organization_id = aiven_organization.main.id
  user_id         = aiven_organization_application_user.deployer.user_id
  description     = "Short-lived token for this terraform run."
  max_age_seconds = 900 # unset: 600, the shortest lifetime the API allows
  scopes          = ["accounts:read"]
}

# A provider alias that acts as the application user. It needs api_url too: a provider block does not
# inherit settings from the default one (without it, the alias would call https://api.aiven.io).
provider "aiven" {
  alias     = "as_deployer"
  api_url   = var.aiven_api_url
  api_token = ephemeral.aiven_organization_application_user_token.deploy.full_token
}

data "aiven_organization_application_user" "self" {
  provider        = aiven.as_deployer
  organization_id = aiven_organization.main.id
  user_id         = aiven_organization_application_user.deployer.user_id
}

output "deployer_email" {
  value = data.aiven_organization_application_user.self.email
}
