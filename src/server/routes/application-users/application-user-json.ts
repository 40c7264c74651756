// An application user as the API answers it.
import type { ApplicationUser } from '../../../store/records.js';
import { iso } from '../../iso-time.js';

export function userJson(user: ApplicationUser) {
  return {
    user_id: user.userId,
    name: user.name,
    user_email: user.userEmail,
    is_super_admin: user.isSuperAdmin,
    create_time: iso(user.createTime),
  };
}
