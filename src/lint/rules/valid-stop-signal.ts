import { stopSignalProblem } from '../../parser/index.js';
import type { RuleModule } from '../types.js';

/** STOPSIGNAL must name a signal the engine knows. */
export const validStopSignal: RuleModule = {
  meta: {
    id: 'valid-stop-signal',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'STOPSIGNAL must be a signal name or a non-zero number',
      description:
        'Flags a STOPSIGNAL value, written without variables, that is neither a non-zero number nor a Linux ' +
        'signal name (in any letter case, with or without `SIG`: `SIGTERM`, `quit`, `RTMIN+3`).',
      rationale:
        'Both builders read the signal when they reach the instruction and fail the build on one they do not ' +
        'know ("Invalid signal: SIGSTOPP"), after every step before it has run.',
      example: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUITE',
      useInstead: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT',
    },
  },
  create(context) {
    return {
      STOPSIGNAL(node) {
        const value = node.value;
        if (!value || /[$'"\\`]/.test(value.value)) return;
        const problem = stopSignalProblem(value.value);
        if (problem) context.report({ message: `${problem}: the build fails`, range: value.range });
      },
    };
  },
};
