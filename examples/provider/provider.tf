terraform {
  required_providers {
    aiven = {
      source = "tessera/aiven"
    }
  }
}

# The API token can also come from the AIVEN_TOKEN environment variable, and the API URL from
# AIVEN_WEB_URL (for example a Tessera server: http://127.0.0.1:8080).
provider "aiven" {
  api_token = var.aiven_api_token
  api_url   = "http://127.0.0.1:8080"
}

variable "aiven_api_token" {
  type      = string
  sensitive = true
}
