/**
 * The CJK font every drawn image uses (posters, share cards, certificates): Noto Sans SC from the
 * npm package @expo-google-fonts/noto-sans-sc, so nothing depends on the machine's fonts.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));

export const FONT_FILES = {
  regular: path.join(FONT_DIR, '400Regular/NotoSansSC_400Regular.ttf'),
  bold: path.join(FONT_DIR, '700Bold/NotoSansSC_700Bold.ttf'),
};

/** resvg's font options: the bundled font only, and it is the default family. */
export const RESVG_FONTS = {
  fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
  loadSystemFonts: false,
  defaultFontFamily: 'Noto Sans SC',
};
