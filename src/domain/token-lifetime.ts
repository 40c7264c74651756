// "A token cannot create a broader one" covers lifetime too. When the creating token expires, the new
// token's lifetime (its max_age_seconds, or the server default when unset) may not exceed the creating
// token's max_age_seconds, it may not be never-expiring, and it may extend when used only if the
// creating token does. (A token that never expires, such as the instance admin's, is not bound.)

export interface CreatorLifetime {
  maxAgeSeconds: number;
  extendWhenUsed: boolean;
  /** false for a token that never expires */
  expires: boolean;
}

export interface RequestedLifetime {
  /** The effective lifetime in seconds (the server default already applied); 0 = never expires. */
  maxAgeSeconds: number;
  extendWhenUsed: boolean;
  /** Whether max_age_seconds was sent (for the message) */
  explicit: boolean;
}

/** The field and a sentence saying why, or undefined when the requested lifetime is within the creator's. */
export function lifetimeBeyond(requested: RequestedLifetime, creator: CreatorLifetime): { field: string; message: string } | undefined {
  if (!creator.expires) return undefined;
  const source = requested.explicit ? '' : ' (the server default, since max_age_seconds is unset)';
  if (requested.maxAgeSeconds === 0) {
    return {
      field: 'max_age_seconds',
      message: `max_age_seconds: a token that expires (max_age_seconds ${creator.maxAgeSeconds}) cannot create a token that never expires${source}`,
    };
  }
  if (requested.maxAgeSeconds > creator.maxAgeSeconds) {
    return {
      field: 'max_age_seconds',
      message: `max_age_seconds: a token with max_age_seconds ${creator.maxAgeSeconds} cannot create a token with max_age_seconds ${requested.maxAgeSeconds}${source}`,
    };
  }
  if (requested.extendWhenUsed && !creator.extendWhenUsed) {
    return { field: 'extend_when_used', message: 'extend_when_used: a token that does not extend when used cannot create one that does' };
  }
  return undefined;
}
