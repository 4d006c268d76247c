import type { Role } from '../model/entities';

export const ROLE_LABEL: Record<Role, string> = {
  national: '全国组委会办公室',
  admin1: '一级管理员',
  admin2: '二级管理员',
  admin3: '三级管理员',
  collective: '集体',
};

export const ADMIN_LEVEL: Partial<Record<Role, number>> = { national: 0, admin1: 1, admin2: 2, admin3: 3 };

export const isAdmin = (role: Role | 'system'): boolean => role === 'national' || role === 'admin1' || role === 'admin2' || role === 'admin3';
