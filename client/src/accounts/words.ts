/** The accounts page's words, Ukrainian first. */
import type { Role } from './api.js';

export const A = {
  title: { uk: 'Облікові записи', en: 'Accounts' },
  open: { uk: 'Облікові записи', en: 'Accounts' },
  close: { uk: 'Закрити', en: 'Close' },
  loading: { uk: 'Завантаження…', en: 'Loading…' },
  failed: { uk: 'Не вдалося: {message}', en: 'Failed: {message}' },
  newTitle: { uk: 'Новий обліковий запис', en: 'New account' },
  listTitle: { uk: 'Облікові записи громади', en: 'The hromada’s accounts' },
  login: { uk: 'Логін', en: 'Login' },
  loginHint: { uk: 'Латинські літери, цифри, . _ @ -', en: 'Latin letters, digits, . _ @ -' },
  displayName: { uk: 'Ім’я та прізвище', en: 'Full name' },
  password: { uk: 'Пароль (не менше 10 символів)', en: 'Password (at least 10 characters)' },
  passwordHint: { uk: 'Залиште порожнім — буде створено одноразовий пароль, який буде показано лише один раз.', en: 'Leave empty to make a one-time password, shown only once.' },
  roles: { uk: 'Ролі', en: 'Roles' },
  create: { uk: 'Створити', en: 'Create' },
  created: { uk: 'Обліковий запис «{login}» створено.', en: 'Account “{login}” created.' },
  oneTime: { uk: 'Одноразовий пароль для «{login}»:', en: 'One-time password for “{login}”:' },
  oneTimeHint: { uk: 'Передайте його особисто; більше він не з’явиться.', en: 'Hand it over in person; it will not be shown again.' },
  deputy: { uk: 'Депутат', en: 'Deputy' },
  deputySearch: { uk: 'Пошук депутата за ім’ям', en: 'Find a deputy by name' },
  deputySearchHint: { uk: 'Введіть частину прізвища чи імені; виберіть депутата нижче.', en: 'Type part of the surname or first name; choose the deputy below.' },
  foundDeputies: { uk: 'Знайдено депутатів: {n}', en: 'Deputies found: {n}' },
  noDeputies: { uk: 'Депутатів не знайдено.', en: 'No deputies found.' },
  noDeputy: { uk: 'Без депутата', en: 'No deputy' },
  districtNo: { uk: 'округ № {n}', en: 'district No. {n}' },
  tiedTo: { uk: 'Депутат: {name}', en: 'Deputy: {name}' },
  active: { uk: 'активний', en: 'active' },
  inactive: { uk: 'вимкнений', en: 'deactivated' },
  noRoles: { uk: 'без ролей', en: 'no roles' },
  edit: { uk: 'Змінити', en: 'Change' },
  editOf: { uk: 'Змінити: {login}', en: 'Change: {login}' },
  save: { uk: 'Зберегти', en: 'Save' },
  saved: { uk: 'Зміни для «{login}» збережено.', en: 'Changes to “{login}” saved.' },
  deactivate: { uk: 'Вимкнути', en: 'Deactivate' },
  activate: { uk: 'Увімкнути', en: 'Activate' },
};

export const ROLE_WORDS: Record<Role, { uk: string; en: string }> = {
  admin: { uk: 'Адміністратор', en: 'Administrator' },
  registry_editor: { uk: 'Редактор реєстру МАФ і реклами', en: 'Registry editor' },
  moderator: { uk: 'Модератор звернень', en: 'Comment moderator' },
  official: { uk: 'Посадовець (відповідає на звернення)', en: 'Official (answers comments)' },
  accessibility_editor: { uk: 'Обстежувач доступності', en: 'Accessibility surveyor' },
  deputy: { uk: 'Депутат', en: 'Deputy' },
};

/** Roles an admin ticks; 'deputy' follows the deputy chosen. */
export const TICKED_ROLES: Role[] = ['admin', 'registry_editor', 'moderator', 'official', 'accessibility_editor'];
