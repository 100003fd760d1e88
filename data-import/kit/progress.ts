
/**
 * Progress of a long import on stderr (stdout stays for the report). On a terminal, one bar
 * redrawn in place at most ten times a second; in a log (CI, cron, a pipe) a plain line when a
 * phase starts and every 10 % of reading, so the log shows it is alive without thousands of lines.
 */

const LABELS: Record<ImportProgress['phase'], string> = {
  read: 'читання і перевірка рядків / reading and checking rows',
  stage: 'завантаження в базу / staging',
  check: 'перевірка меж громади / checking the boundary',
  write: 'запис / writing',
};

const WIDTH = 30;

/** Where an import is: reading the file, staging rows, checking them against the database, writing. */
export interface ImportProgress {
  phase: 'read' | 'stage' | 'check' | 'write';
  done: number;
  total: number;
}

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  /** Clears the bar (on a terminal) so the report starts on a clean line. */
  end(): void;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? barOn(stream) : linesOn(stream);
}

function barOn(stream: NodeJS.WriteStream): ProgressReporter {
  let lastDraw = 0;
  let drawn = false;
  let lastPhase = '';
  return {
    update({ phase, done, total }) {
      const now = Date.now();
      if (now - lastDraw < 100 && phase === lastPhase && done < total) return;
      lastDraw = now;
      lastPhase = phase;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(share * WIDTH);
      const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
      stream.write(`\r\x1b[2K${bar} ${String(Math.round(share * 100)).padStart(3)} %  ${LABELS[phase]}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

function linesOn(stream: NodeJS.WriteStream): ProgressReporter {
  let lastPhase = '';
  let lastTenth = -1;
  return {
    update({ phase, done, total }) {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (phase === lastPhase && (phase !== 'read' || tenth === lastTenth)) return;
      lastPhase = phase;
      lastTenth = tenth;
      stream.write(`${LABELS[phase]}${phase === 'read' ? `: ${tenth * 10} %` : ''}\n`);
    },
    end() {},
  };
}
