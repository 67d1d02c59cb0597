/** The studio's languages: vue-i18n over the en and zh-CN catalogues, the chosen locale remembered, and Intl formatting. */
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import { en } from './en';
import { zhCN } from './zh-CN';

import { LOCALE_NAMES, LOCALES, type Locale } from '#contract/locale';

export { LOCALE_NAMES, LOCALES, type Locale };
const STORAGE_KEY = 'hebb.locale';

/** navigator.languages → our closest locale: any Chinese reads zh-CN (the one Chinese catalogue we have). */
export function matchLocale(langs: readonly string[]): Locale {
  for (const l of langs) {
    const lower = l.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const nav = globalThis.navigator;
  return matchLocale(nav?.languages?.length ? nav.languages : [nav?.language ?? 'en']);
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
  missingWarn: false,
  fallbackWarn: false,
});

const g = i18n.global;
/** Translate; reactive to the locale wherever it is read inside a render or a computed. */
export const t = (key: string, params?: Record<string, unknown>): string => g.t(key, params ?? {});
export const locale = computed<Locale>(() => g.locale.value as Locale);

/** An architecture's name in the current language (catalogue `arch.<id>`), or its id where it has none. */
export const archName = (id: string): string => (g.te(`arch.${id}.name`, 'en') ? t(`arch.${id}.name`) : id);
/** An architecture's one-paragraph description in the current language; empty where it has none. */
export const archText = (id: string): string => (g.te(`arch.${id}.text`, 'en') ? t(`arch.${id}.text`) : '');

function applyDocument(l: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}
applyDocument(locale.value);

export function setLocale(l: Locale): void {
  g.locale.value = l;
  globalThis.localStorage?.setItem(STORAGE_KEY, l);
  applyDocument(l);
}

// Formatting through Intl, per locale: separators, percent signs and unit words follow the chosen language.
const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale.value, o);
export const fmtInt = (n: number): string => nf({ maximumFractionDigits: 0 }).format(n);
export const fmtNum = (n: number, digits = 3): string => nf({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
/** 0.925 → "92.5%"; null/undefined → the dash. */
export const fmtPct = (v: number | null | undefined, digits = 1): string =>
  (v == null || Number.isNaN(v) ? '—' : nf({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v));
/** A change with its sign: 4.2 → "+4.2", -3 → "-3", 0 → "0.0" (digits 1). */
export const fmtSigned = (n: number, digits = 1): string => nf({ signDisplay: 'exceptZero', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
/** 0.00012 → "1.2E-4"; exactly 0 → "0" (Intl writes "0E0"). */
export const fmtSci = (n: number, digits = 1): string => (n === 0 ? fmtInt(0) : nf({ notation: 'scientific', maximumFractionDigits: digits }).format(n));
/** Seconds → "1 min 5 sec" / "1分钟5秒", via Intl's unit formatting. */
export function fmtDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const unit = (n: number, u: 'minute' | 'second') => nf({ style: 'unit', unit: u, unitDisplay: 'short' }).format(n);
  return s >= 60 ? `${unit(Math.floor(s / 60), 'minute')} ${unit(s % 60, 'second')}` : unit(s, 'second');
}
export const fmtDate = (iso: string | number): string => new Date(iso).toLocaleString(locale.value, { dateStyle: 'medium', timeStyle: 'short' });
/** A list joined the locale's way ("a, b and c" / "a、b和c"). */
export const fmtList = (items: string[]): string => new Intl.ListFormat(locale.value, { type: 'conjunction' }).format(items);
