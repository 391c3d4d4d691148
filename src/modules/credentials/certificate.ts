/**
 * The A4 certificate PDF (zh or en): holder, achievement, issuers, date, credential id and a QR code
 * to the verification page. The CJK font comes from the npm package @expo-google-fonts/noto-sans-sc
 * (TTF, read once); pdfkit embeds only the glyphs used. The QR code is drawn as vector squares and is
 * also a link, so the verification URL is in the file as plain text; the id is in the metadata too.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Locale } from '../../i18n/index.ts';
import { FONT_FILES } from '../../platform/fonts.ts';
import { translator } from '../../platform/i18n.ts';

let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(FONT_FILES.regular),
    bold: readFileSync(FONT_FILES.bold),
  };
  return fonts;
}

export type CertificateData = {
  credentialId: string;
  holderName: string;
  achievementName: string;
  achievementDescription: string;
  issuerNames: string[];
  /** PNG or JPEG logos of the issuers the credential lists, drawn side by side at the top. */
  issuerLogos?: Buffer[];
  issuedAt: Date;
  verifyUrl: string;
};

export async function renderCertificatePdf(data: CertificateData, locale: Locale): Promise<Buffer> {
  const t = translator(locale);
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: {
      Title: `${t('credentials.pdf.title')} — ${data.achievementName}`,
      Subject: data.credentialId,
      Keywords: data.verifyUrl,
      Author: data.issuerNames.join(', '),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const width = doc.page.width;
  const height = doc.page.height;
  doc
    .rect(28, 28, width - 56, height - 56)
    .lineWidth(2)
    .stroke('#1d4e89');
  // Issuer logos centred in a row, each fitted into the same box; the title moves down below them.
  const logos = data.issuerLogos ?? [];
  const logoBox = { w: 140, h: 52, gap: 32 };
  const rowWidth = logos.length * logoBox.w + Math.max(0, logos.length - 1) * logoBox.gap;
  logos.forEach((logo, i) => {
    const x = (width - rowWidth) / 2 + i * (logoBox.w + logoBox.gap);
    doc.image(logo, x, 48, { fit: [logoBox.w, logoBox.h], align: 'center', valign: 'center' });
  });
  doc
    .font('bold')
    .fontSize(34)
    .fillColor('#1d4e89')
    .text(t('credentials.pdf.title'), 56, logos.length > 0 ? 108 : 80, {
      align: 'center',
      width: width - 112,
    });
  doc
    .font('regular')
    .fontSize(14)
    .fillColor('#333')
    .text(t('credentials.pdf.certifies'), { align: 'center', width: width - 112 });
  doc.moveDown(0.8);
  doc
    .font('bold')
    .fontSize(30)
    .fillColor('#111')
    .text(data.holderName, { align: 'center', width: width - 112 });
  doc.moveDown(0.6);
  doc
    .font('regular')
    .fontSize(14)
    .fillColor('#333')
    .text(t('credentials.pdf.achieved'), { align: 'center', width: width - 112 });
  doc.moveDown(0.4);
  doc
    .font('bold')
    .fontSize(22)
    .fillColor('#1d4e89')
    .text(data.achievementName, { align: 'center', width: width - 112 });
  doc.moveDown(0.4);
  doc
    .font('regular')
    .fontSize(12)
    .fillColor('#444')
    .text(data.achievementDescription, { align: 'center', width: width - 112 });

  const bottom = height - 170;
  doc.font('regular').fontSize(11).fillColor('#333');
  doc.text(`${t('credentials.result.issuers')}: ${data.issuerNames.join(' · ')}`, 72, bottom, {
    width: width - 330,
  });
  doc.text(
    `${t('credentials.result.issuedOn')}: ${data.issuedAt.toISOString().slice(0, 10)}`,
    72,
    bottom + 22,
  );
  doc.text(`${t('credentials.result.credentialId')}: ${data.credentialId}`, 72, bottom + 44);
  doc
    .fontSize(9)
    .fillColor('#666')
    .text(t('credentials.pdf.scan'), 72, bottom + 70, { width: width - 330 });

  // The QR code as vector modules, linked to the verification page.
  const qr = QRCode.create(data.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const box = 120;
  const cell = box / size;
  const x0 = width - 72 - box;
  const y0 = bottom - 10;
  doc.fillColor('#000');
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (qr.modules.get(row, col)) doc.rect(x0 + col * cell, y0 + row * cell, cell, cell);
    }
  }
  doc.fill();
  doc.link(x0, y0, box, box, data.verifyUrl);
  doc.end();
  return done;
}
