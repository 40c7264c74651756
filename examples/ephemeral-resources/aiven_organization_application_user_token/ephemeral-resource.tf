# A short-lived token that exists only while terraform runs: it is never written to state or plan files,
# and it is revoked when terraform is done with it. Requires Terraform 1.10 or later.
ephemeral "aiven_organization_application_user_token" "deploy" {
  organization_id = aiven_organization.main.id
  user_id         = aiven_organization_application_user.tf_user.user_id
  description     = "Short-lived token for this terraform run."
  max_age_seconds = 900
  scopes          = ["accounts:read"]
}

# Use it in another ephemeral context, for example to configure a provider alias.
provider "aiven" {
  alias     = "as_app_user"
  api_token = ephemeral.aiven_organization_application_user_token.deploy.full_token
}
