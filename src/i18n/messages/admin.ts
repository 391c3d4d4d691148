/** Platform administration: audit log, outbox, people and roles. */
export const zh = {
  'admin.users.cannotRevokeSelf': '不能撤销自己的平台管理员角色。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'admin.users.cannotRevokeSelf': 'You cannot revoke your own platform admin role.',
};
