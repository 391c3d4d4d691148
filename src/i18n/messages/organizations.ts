/** Organisations, memberships, invitations and alliance membership. */
export const zh = {
  'org.type.vendor': '数据库厂商',
  'org.type.ecosystem': '生态企业',
  'org.type.user_company': '用户企业',
  'org.type.community_media': '社区 / 媒体',
  'org.type.school': '高校',
  'org.type.issuing_body': '颁证机构',
  'org.type.other': '其他',
  'org.role.admin': '管理员',
  'org.role.member': '成员',
  'org.notFound': '该单位不存在。',
  'org.slugTaken': '该短名称已被占用，请换一个。',
  'org.invite.alreadyMember': '此人已是本单位成员。',
  'org.invite.full': '本单位成员已满（上限 {limit} 人，含待接受的邀请）。',
  'org.invite.invalid': '该邀请链接无效、已过期、已被撤销或已被使用。',
  'org.invite.wrongAccount': '这份邀请是发给 {email} 的，请用该邮箱的账号登录后再接受。',
  'org.members.lastAdmin': '单位至少需要保留一名管理员。',
  'mail.invite.subject': '邀请你加入「{org}」',
  'mail.invite.body':
    '你好！\n\n你被邀请以「{role}」身份加入「{org}」。请在 {days} 天内打开下面的链接接受邀请：\n{link}\n\n如果还没有共进账号，请先用收到这封邮件的邮箱注册。\n\n—— 共进 Gongjin',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'org.type.vendor': 'Database vendor',
  'org.type.ecosystem': 'Ecosystem company',
  'org.type.user_company': 'User company',
  'org.type.community_media': 'Community / media',
  'org.type.school': 'University',
  'org.type.issuing_body': 'Issuing body',
  'org.type.other': 'Other',
  'org.role.admin': 'Admin',
  'org.role.member': 'Member',
  'org.notFound': 'This organisation does not exist.',
  'org.slugTaken': 'This short name is taken; choose another.',
  'org.invite.alreadyMember': 'This person is already a member.',
  'org.invite.full': 'This organisation is full ({limit} people, counting pending invitations).',
  'org.invite.invalid': 'This invitation link is invalid, expired, withdrawn or already used.',
  'org.invite.wrongAccount': 'This invitation was sent to {email}. Log in with that address to accept it.',
  'org.members.lastAdmin': 'An organisation must keep at least one admin.',
  'mail.invite.subject': 'You are invited to join {org}',
  'mail.invite.body':
    'Hello,\n\nYou are invited to join {org} as {role}. Open this link within {days} days to accept:\n{link}\n\nIf you have no Gongjin account yet, sign up first with the address this email was sent to.\n\n— Gongjin',
};
