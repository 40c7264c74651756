data "aiven_organization" "main" {
  id = "ORGANIZATION_ID"
}
