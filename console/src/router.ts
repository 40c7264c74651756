// Hash routes, so the server serves one page and reloads keep the place (ids only: the token is
// never in a URL).
//   #/                       home (organizations, or the caller's own page)
//   #/org/ORG                application users of an organization
//   #/org/ORG/user/USER      tokens of an application user
//   #/org/ORG/events         audit trail of an organization
//   #/events                 audit trail of the whole instance (instance admin)
//   #/me                     who the signed-in token is
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'home' }
  | { page: 'me' }
  | { page: 'users'; organizationId: string }
  | { page: 'tokens'; organizationId: string; userId: string }
  | { page: 'events'; organizationId: string }
  | { page: 'instance-events' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  if (parts[0] === 'me') return { page: 'me' };
  if (parts[0] === 'events') return { page: 'instance-events' };
  if (parts[0] === 'org' && parts[1]) {
    if (parts[2] === 'user' && parts[3]) return { page: 'tokens', organizationId: parts[1], userId: parts[3] };
    if (parts[2] === 'events') return { page: 'events', organizationId: parts[1] };
    return { page: 'users', organizationId: parts[1] };
  }
  return { page: 'home' };
}

export function href(route: Route): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case 'home':
      return '#/';
    case 'me':
      return '#/me';
    case 'users':
      return `#/org/${e(route.organizationId)}`;
    case 'tokens':
      return `#/org/${e(route.organizationId)}/user/${e(route.userId)}`;
    case 'events':
      return `#/org/${e(route.organizationId)}/events`;
    case 'instance-events':
      return '#/events';
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    // Effects run after the first paint: a hash change in between (a link followed, or a page.goto
    // in a test, the moment the page shows) fired no event we heard. Read the hash once more.
    onChange();
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
