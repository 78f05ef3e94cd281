import { labelValueRule } from './empty-label.js';

/**
 * SPDX license identifiers: the licenses met in container images and their dependencies, including the
 * deprecated short forms (`GPL-2.0`, `LGPL-2.1+`) that older metadata still uses.
 */
const LICENSE_IDS = [
  '0BSD', 'AAL', 'AFL-1.1', 'AFL-1.2', 'AFL-2.0', 'AFL-2.1', 'AFL-3.0', 'AGPL-1.0', 'AGPL-1.0-only',
  'AGPL-1.0-or-later', 'AGPL-3.0', 'AGPL-3.0-only', 'AGPL-3.0-or-later', 'Apache-1.0', 'Apache-1.1', 'Apache-2.0',
  'APSL-1.0', 'APSL-1.1', 'APSL-1.2', 'APSL-2.0', 'Artistic-1.0', 'Artistic-1.0-cl8', 'Artistic-1.0-Perl',
  'Artistic-2.0', 'Beerware', 'BitTorrent-1.0', 'BitTorrent-1.1', 'blessing', 'BlueOak-1.0.0', 'BSD-1-Clause',
  'BSD-2-Clause', 'BSD-2-Clause-FreeBSD', 'BSD-2-Clause-NetBSD', 'BSD-2-Clause-Patent', 'BSD-2-Clause-Views',
  'BSD-3-Clause', 'BSD-3-Clause-Attribution', 'BSD-3-Clause-Clear', 'BSD-3-Clause-LBNL',
  'BSD-3-Clause-Modification', 'BSD-3-Clause-No-Nuclear-License', 'BSD-3-Clause-No-Nuclear-Warranty',
  'BSD-3-Clause-Open-MPI', 'BSD-4-Clause', 'BSD-4-Clause-UC', 'BSD-Protection', 'BSD-Source-Code', 'BSL-1.0',
  'BUSL-1.1', 'bzip2-1.0.5', 'bzip2-1.0.6', 'CAL-1.0', 'CATOSL-1.1', 'CC-BY-1.0', 'CC-BY-2.0', 'CC-BY-2.5',
  'CC-BY-3.0', 'CC-BY-4.0', 'CC-BY-NC-1.0', 'CC-BY-NC-2.0', 'CC-BY-NC-2.5', 'CC-BY-NC-3.0', 'CC-BY-NC-4.0',
  'CC-BY-NC-ND-1.0', 'CC-BY-NC-ND-2.0', 'CC-BY-NC-ND-2.5', 'CC-BY-NC-ND-3.0', 'CC-BY-NC-ND-4.0', 'CC-BY-NC-SA-1.0',
  'CC-BY-NC-SA-2.0', 'CC-BY-NC-SA-2.5', 'CC-BY-NC-SA-3.0', 'CC-BY-NC-SA-4.0', 'CC-BY-ND-1.0', 'CC-BY-ND-2.0',
  'CC-BY-ND-2.5', 'CC-BY-ND-3.0', 'CC-BY-ND-4.0', 'CC-BY-SA-1.0', 'CC-BY-SA-2.0', 'CC-BY-SA-2.5', 'CC-BY-SA-3.0',
  'CC-BY-SA-4.0', 'CC-PDDC', 'CC0-1.0', 'CDDL-1.0', 'CDDL-1.1', 'CDLA-Permissive-1.0', 'CDLA-Permissive-2.0',
  'CDLA-Sharing-1.0', 'CECILL-1.0', 'CECILL-1.1', 'CECILL-2.0', 'CECILL-2.1', 'CECILL-B', 'CECILL-C', 'ClArtistic',
  'CNRI-Python', 'CPAL-1.0', 'CPL-1.0', 'CUA-OPL-1.0', 'curl', 'ECL-1.0', 'ECL-2.0', 'EFL-1.0', 'EFL-2.0',
  'Elastic-2.0', 'Entessa', 'EPL-1.0', 'EPL-2.0', 'ErlPL-1.1', 'EUDatagrid', 'EUPL-1.0', 'EUPL-1.1', 'EUPL-1.2',
  'Fair', 'Frameworx-1.0', 'FSFAP', 'FSFUL', 'FSFULLR', 'FTL', 'GFDL-1.1', 'GFDL-1.1-only', 'GFDL-1.1-or-later',
  'GFDL-1.2', 'GFDL-1.2-only', 'GFDL-1.2-or-later', 'GFDL-1.3', 'GFDL-1.3-only', 'GFDL-1.3-or-later', 'GPL-1.0',
  'GPL-1.0-only', 'GPL-1.0-or-later', 'GPL-2.0', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-2.0-with-autoconf-exception',
  'GPL-2.0-with-bison-exception', 'GPL-2.0-with-classpath-exception', 'GPL-2.0-with-font-exception',
  'GPL-2.0-with-GCC-exception', 'GPL-3.0', 'GPL-3.0-only', 'GPL-3.0-or-later', 'GPL-3.0-with-autoconf-exception',
  'GPL-3.0-with-GCC-exception', 'Hippocratic-2.1', 'HPND', 'ICU', 'IJG', 'ImageMagick', 'Imlib2', 'Info-ZIP', 'Intel',
  'IPA', 'IPL-1.0', 'ISC', 'JasPer-2.0', 'JSON', 'LAL-1.2', 'LAL-1.3', 'LGPL-2.0', 'LGPL-2.0-only',
  'LGPL-2.0-or-later', 'LGPL-2.1', 'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0', 'LGPL-3.0-only',
  'LGPL-3.0-or-later', 'LGPLLR', 'Libpng', 'libpng-2.0', 'libtiff', 'LiLiQ-P-1.1', 'LiLiQ-R-1.1', 'LiLiQ-Rplus-1.1',
  'Linux-OpenIB', 'LPL-1.0', 'LPL-1.02', 'LPPL-1.0', 'LPPL-1.1', 'LPPL-1.2', 'LPPL-1.3a', 'LPPL-1.3c', 'MirOS', 'MIT',
  'MIT-0', 'MIT-advertising', 'MIT-CMU', 'MIT-enna', 'MIT-feh', 'MIT-Modern-Variant', 'MITNFA', 'Motosoto',
  'MPL-1.0', 'MPL-1.1', 'MPL-2.0', 'MPL-2.0-no-copyleft-exception', 'MS-PL', 'MS-RL', 'MulanPSL-1.0', 'MulanPSL-2.0',
  'Multics', 'NASA-1.3', 'Naumen', 'NCSA', 'NGPL', 'NLPL', 'Nokia', 'NPL-1.0', 'NPL-1.1', 'NPOSL-3.0', 'NTP',
  'OCLC-2.0', 'ODbL-1.0', 'ODC-By-1.0', 'OFL-1.0', 'OFL-1.1', 'OFL-1.1-no-RFN', 'OFL-1.1-RFN', 'OGTSL', 'OLDAP-2.8',
  'OpenSSL', 'OPL-1.0', 'OSET-PL-2.1', 'OSL-1.0', 'OSL-1.1', 'OSL-2.0', 'OSL-2.1', 'OSL-3.0', 'PDDL-1.0', 'PHP-3.0',
  'PHP-3.01', 'PostgreSQL', 'PSF-2.0', 'Python-2.0', 'Python-2.0.1', 'QPL-1.0', 'RPL-1.1', 'RPL-1.5', 'RPSL-1.0',
  'RSCPL', 'Ruby', 'SGI-B-2.0', 'SimPL-2.0', 'SISSL', 'Sleepycat', 'SMLNJ', 'SPL-1.0', 'SSPL-1.0', 'TCL', 'UCL-1.0',
  'Unicode-3.0', 'Unicode-DFS-2015', 'Unicode-DFS-2016', 'Unlicense', 'UPL-1.0', 'Vim', 'VSL-1.0', 'W3C',
  'W3C-19980720', 'W3C-20150513', 'Watcom-1.0', 'WTFPL', 'X11', 'XFree86-1.1', 'Xnet', 'xpp', 'YPL-1.1', 'Zend-2.0',
  'Zimbra-1.3', 'Zlib', 'zlib-acknowledgement', 'ZPL-1.1', 'ZPL-2.0', 'ZPL-2.1',
];

/** SPDX license exceptions, the operand of `WITH`. */
const EXCEPTION_IDS = [
  '389-exception', 'Autoconf-exception-2.0', 'Autoconf-exception-3.0', 'Bison-exception-2.2', 'Bootloader-exception',
  'Classpath-exception-2.0', 'CLISP-exception-2.0', 'DigiRule-FOSS-exception', 'eCos-exception-2.0',
  'Fawkes-Runtime-exception', 'FLTK-exception', 'Font-exception-2.0', 'freertos-exception-2.0', 'GCC-exception-2.0',
  'GCC-exception-3.1', 'gnu-javamail-exception', 'GPL-3.0-linking-exception', 'GPL-3.0-linking-source-exception',
  'GPL-CC-1.0', 'GStreamer-exception-2005', 'i2p-gpl-java-exception', 'LGPL-3.0-linking-exception',
  'Libtool-exception', 'Linux-syscall-note', 'LLVM-exception', 'LZMA-exception', 'mif-exception',
  'OCaml-LGPL-linking-exception', 'OCCT-exception-1.0', 'OpenJDK-assembly-exception-1.0',
  'openvpn-openssl-exception', 'PS-or-PDF-font-exception-20170817', 'Qt-GPL-exception-1.0', 'Qt-LGPL-exception-1.1',
  'Qwt-exception-1.0', 'Swift-exception', 'u-boot-exception-2.0', 'Universal-FOSS-exception-1.0',
  'WxWindows-exception-3.1',
];

// SPDX matches identifiers without regard to case.
const LICENSES = new Set(LICENSE_IDS.map((id) => id.toLowerCase()));
const EXCEPTIONS = new Set(EXCEPTION_IDS.map((id) => id.toLowerCase()));
const LICENSE_REF = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;
const ADDITION_REF = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?AdditionRef-[A-Za-z0-9.-]+$/;

function isLicense(token: string): boolean {
  if (LICENSE_REF.test(token)) return true;
  const id = token.endsWith('+') ? token.slice(0, -1) : token;
  return LICENSES.has(id.toLowerCase());
}

function isException(token: string): boolean {
  return ADDITION_REF.test(token) || EXCEPTIONS.has(token.toLowerCase());
}

/**
 * Whether `value` is an SPDX license expression: identifiers (optionally with `+`) and `LicenseRef-…`
 * combined with `AND`, `OR`, `WITH` (upper or lower case) and parentheses.
 */
export function isSpdxExpression(value: string): boolean {
  const tokens = value.match(/\(|\)|[^\s()]+/g);
  if (!tokens) return false;
  let position = 0;
  const peekOperator = (name: string): boolean => {
    const token = tokens[position];
    return token === name || token === name.toLowerCase();
  };
  // Each parser returns whether it consumed a well-formed part.
  const simple = (): boolean => {
    const token = tokens[position];
    if (token === '(') {
      position++;
      if (!expression() || tokens[position] !== ')') return false;
      position++;
      return true;
    }
    if (token === undefined || !isLicense(token)) return false;
    position++;
    if (peekOperator('WITH')) {
      position++;
      const exception = tokens[position];
      if (exception === undefined || !isException(exception)) return false;
      position++;
    }
    return true;
  };
  const conjunction = (): boolean => {
    if (!simple()) return false;
    while (peekOperator('AND')) {
      position++;
      if (!simple()) return false;
    }
    return true;
  };
  const expression = (): boolean => {
    if (!conjunction()) return false;
    while (peekOperator('OR')) {
      position++;
      if (!conjunction()) return false;
    }
    return true;
  };
  return expression() && position === tokens.length;
}

/** DL3054: a label the schema types as `spdx` is not an SPDX license expression. */
export const labelSpdx = labelValueRule({
  id: 'label-spdx',
  hadolint: 'DL3054',
  type: 'spdx',
  message: (label) => `Label \`${label}\` is not a valid SPDX identifier.`,
  isValid: isSpdxExpression,
  docs: {
    summary: 'Labels typed `spdx` should hold an SPDX license expression',
    description:
      'Flags a `LABEL` whose key the `label-schema` setting types as `spdx` when the value is not an SPDX license ' +
      'expression: a license identifier (`MIT`, `Apache-2.0`, `GPL-2.0-or-later`, `LicenseRef-…`), or several ' +
      'joined with `AND`, `OR`, `WITH` an exception, and parentheses. Unlike hadolint, which accepts a single ' +
      'identifier only, expressions are accepted, as the OCI `licenses` annotation allows them. The list of ' +
      'identifiers covers the common licenses, not every entry of the SPDX list.',
    rationale: 'License scanners and registries read this label; a free-form value cannot be matched to a license.',
    example: '# label-schema: { org.opencontainers.image.licenses: spdx }\nLABEL org.opencontainers.image.licenses="Apache 2"',
    useInstead: 'LABEL org.opencontainers.image.licenses="Apache-2.0"',
  },
});
