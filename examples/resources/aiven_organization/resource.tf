resource "aiven_organization" "main" {
  name = "Example organization"
}
