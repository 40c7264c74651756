// Where the page is: Organizations › acme › ci-bot.
import { href, type Route } from '../router.ts';

export function Breadcrumbs({ trail }: { trail: Array<{ label: string; route?: Route }> }) {
  return (
    <nav aria-label="Breadcrumb" class="breadcrumbs">
      <ol>
        {trail.map((step, i) => (
          <li key={i}>
            {step.route && i < trail.length - 1 ? <a href={href(step.route)}>{step.label}</a> : <span aria-current="page">{step.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
