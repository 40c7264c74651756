// Which optional parts of the API this server offers, read from its OpenAPI document (served without
// authentication): token rotation and the audit trails arrived after the first release, and the
// console offers them only where the server has them.
export interface Capabilities {
  rotation: boolean;
  auditTrail: boolean;
  /** GET /v1/events: the whole instance's trail (the instance admin's). */
  instanceAuditTrail: boolean;
}

export const NO_CAPABILITIES: Capabilities = { rotation: false, auditTrail: false, instanceAuditTrail: false };

export function capabilitiesFromOpenApi(document: { paths?: Record<string, unknown> }): Capabilities {
  const paths = Object.keys(document.paths ?? {});
  return {
    rotation: paths.some((path) => /\/access-tokens\/\{[^}]+\}\/rotate$/.test(path)),
    auditTrail: paths.some((path) => /^\/v1\/organization\/\{[^}]+\}\/events$/.test(path)),
    instanceAuditTrail: paths.includes('/v1/events'),
  };
}

export async function loadCapabilities(): Promise<Capabilities> {
  try {
    const response = await fetch('/openapi.json', { credentials: 'omit' });
    if (!response.ok) return NO_CAPABILITIES;
    return capabilitiesFromOpenApi((await response.json()) as { paths?: Record<string, unknown> });
  } catch {
    return NO_CAPABILITIES;
  }
}
