/** The studio's languages, each named in itself: the renderer's catalogues and the desktop Language menu read this list. */
import { z } from 'zod';

export const LOCALES = ['en', 'zh-CN'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
/** Named in their own language, so a reader who cannot read the current one still finds theirs. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };
