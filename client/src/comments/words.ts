/**
 * The comments' words, Ukrainian first with English (i18n.ts's pick), kept beside the service so
 * the shared message list stays small.
 */
import { labelOf, COMMENT_STATUSES } from '../../../server/rules/vocabularies.js';
import { language, pick, say } from '../i18n.js';

export const W = {
  leave: { uk: 'Залишити звернення', en: 'Leave a comment' },
  leaveHere: { uk: 'Звернення в точці на карті', en: 'Comment at a point on the map' },
  pickPoint: { uk: 'Клацніть на карті місце, про яке звернення (Esc — скасувати)', en: 'Click the place on the map (Esc cancels)' },
  formTitle: { uk: 'Нове звернення', en: 'New comment' },
  about: { uk: 'Про об’єкт: {name}', en: 'About: {name}' },
  toDeputy: { uk: 'Звернення до депутата: {name}. Його побачать депутати вашого округу.', en: 'A message to the deputy {name}. The deputies of your district will see it.' },
  atPoint: { uk: 'У вибраній точці карти', en: 'At the chosen point of the map' },
  category: { uk: 'Тема', en: 'Topic' },
  text: { uk: 'Текст звернення', en: 'Your comment' },
  name: { uk: 'Ім’я (необов’язково)', en: 'Name (optional)' },
  showName: { uk: 'Показувати ім’я біля звернення', en: 'Show my name with the comment' },
  email: { uk: 'E-mail для сповіщень (необов’язково, ніде не показується)', en: 'E-mail for updates (optional, never shown)' },
  honeypot: { uk: 'Не заповнюйте це поле', en: 'Leave this field empty' },
  send: { uk: 'Надіслати', en: 'Send' },
  similarTitle: { uk: 'Схожі звернення поруч (до 50 м) — можливо, ваше серед них?', en: 'Similar comments nearby (within 50 m): is yours one of them?' },
  support: { uk: 'Підтримати', en: 'Support' },
  supported: { uk: 'Підтримано ({n})', en: 'Supported ({n})' },
  stillNotFixed: { uk: 'Досі не виправлено', en: 'Still not fixed' },
  sent: { uk: 'Звернення №{id} надіслано. Воно з’явиться на карті після модерації.', en: 'Comment {id} was sent. It appears on the map after moderation.' },
  privateLink: { uk: 'Ваше особисте посилання (збережіть, нікому не пересилайте):', en: 'Your private link (keep it, do not share it):' },
  follow: { uk: 'Моє звернення', en: 'My comment' },
  status: { uk: 'Стан', en: 'Status' },
  reason: { uk: 'Причина відхилення', en: 'Reason for rejection' },
  answer: { uk: 'Відповідь', en: 'Answer' },
  history: { uk: 'Історія', en: 'History' },
  confirm: { uk: 'Підтверджую: вирішено', en: 'I confirm it is resolved' },
  dispute: { uk: 'Не вирішено — заперечити', en: 'Not resolved: dispute' },
  add: { uk: 'Доповнити', en: 'Add to it' },
  erase: { uk: 'Стерти мої дані', en: 'Erase my personal data' },
  note: { uk: 'Коментар', en: 'Note' },
  done: { uk: 'Готово', en: 'Done' },
  comments: { uk: 'Звернення про цей об’єкт', en: 'Comments about this object' },
  noComments: { uk: 'Звернень про цей об’єкт немає.', en: 'No comments about this object.' },
  supporters: { uk: 'підтримали: {n}', en: 'supporters: {n}' },
  overdue: { uk: 'прострочено', en: 'overdue' },
  queue: { uk: 'Звернення: черга', en: 'Comments: queue' },
  queueEmpty: { uk: 'Немає звернень.', en: 'No comments.' },
  filterStatus: { uk: 'Стан', en: 'Status' },
  all: { uk: 'усі', en: 'all' },
  district: { uk: 'округ №{n}', en: 'district {n}' },
  answerLink: { uk: 'Об’єкт реєстру', en: 'Registry object' },
  failed: { uk: 'Не вдалося: {why}', en: 'Failed: {why}' },
  addPhotos: { uk: 'Додати фото (до 3)', en: 'Add photos (up to 3)' },
  photoAdded: { uk: 'Фото додано: {n}', en: 'Photos added: {n}' },
  photo: { uk: 'Фото до звернення №{id}', en: 'Photo of comment {id}' },
} as const;

export const ACTION_WORDS: Record<string, { uk: string; en: string }> = {
  submit: { uk: 'Подано', en: 'Submitted' },
  publish: { uk: 'Опублікувати', en: 'Publish' },
  reject: { uk: 'Відхилити', en: 'Reject' },
  start: { uk: 'Взяти в роботу', en: 'Start work' },
  resolve: { uk: 'Позначити вирішеним', en: 'Mark resolved' },
  answer: { uk: 'Відповісти', en: 'Answer' },
  confirm: { uk: 'Підтверджено', en: 'Confirmed' },
  dispute: { uk: 'Заперечено', en: 'Disputed' },
  still_not_fixed: { uk: 'Досі не виправлено', en: 'Still not fixed' },
  redact: { uk: 'Приховати особисті дані', en: 'Redact' },
  merge: { uk: 'Об’єднати з дублем', en: 'Merge as duplicate' },
  route: { uk: 'Передати', en: 'Route' },
  add: { uk: 'Доповнено', en: 'Added to' },
};

export { pick, say };

export const statusWord = (status: string) => labelOf(COMMENT_STATUSES, status, language());
