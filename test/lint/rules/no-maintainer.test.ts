import { noMaintainer } from '../../../src/lint/rules/no-maintainer.js';
import { testRule } from '../rule-tester.js';

const message = 'MAINTAINER is deprecated';

testRule(noMaintainer, {
  valid: [
    'FROM debian:12',
    'FROM debian:12\nLABEL org.opencontainers.image.authors="Lukas"',
    // The builder refuses the trigger form outright; the ONBUILD rule reports it.
    'FROM debian:12\nONBUILD MAINTAINER Lukas',
  ],
  invalid: [
    {
      code: 'FROM busybox:1\nMAINTAINER hudu@mail.com',
      errors: [{ message, line: 2, text: 'MAINTAINER' }],
      output: 'FROM busybox:1\nLABEL org.opencontainers.image.authors="hudu@mail.com"',
    },
    {
      code: 'FROM debian:12\nMAINTAINER Lukas\nRUN x\n',
      errors: [{ message, line: 2, text: 'MAINTAINER' }],
      output: 'FROM debian:12\nLABEL org.opencontainers.image.authors="Lukas"\nRUN x\n',
    },
    {
      code: 'MAINTAINER Lukas\nFROM DEBIAN',
      errors: [{ message, line: 1, text: 'MAINTAINER' }],
      output: 'LABEL org.opencontainers.image.authors="Lukas"\nFROM DEBIAN',
    },
    {
      code: 'FROM a:1\nMAINTAINER Jane Doe <jane@example.com>   \n',
      errors: [{ line: 2 }],
      output: 'FROM a:1\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
    },
    {
      code: 'FROM a:1\n  maintainer "BoJack Horseman"\n',
      errors: [{ line: 2, text: 'maintainer' }],
      output: 'FROM a:1\n  label org.opencontainers.image.authors="BoJack Horseman"\n',
    },
    {
      code: 'FROM a:1\nMAINTAINER The "$HOME" team \\ co\n',
      errors: [{ line: 2 }],
      output: 'FROM a:1\nLABEL org.opencontainers.image.authors="The \\"\\$HOME\\" team \\\\ co"\n',
    },
    {
      code: '# escape=`\nFROM a:1\nMAINTAINER C:\\Users\\me "x" `y\n',
      errors: [{ line: 3 }],
      output: '# escape=`\nFROM a:1\nLABEL org.opencontainers.image.authors="C:\\Users\\me `"x`" ``y"\n',
    },
  ],
});
