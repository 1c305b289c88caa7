import 'reflect-metadata';
import { readLocalOutbox } from '@attune/notifications';
import { ConfigError, outboxDirFor, readEnvironment } from '@attune/platform';

/**
 * `npm run outbox`: prints the emails and texts written to the local outbox (DATA_DIR/outbox), newest
 * first. On a fresh install with no SMTP server or SMS API configured, this is where the operator finds
 * sign-in codes and invitation links. Only the owner of DATA_DIR can read the files.
 */
async function main(): Promise<number> {
  let dir: string;
  try {
    dir = outboxDirFor(readEnvironment().DATA_DIR);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 78;
  }
  const entries = await readLocalOutbox(dir);
  if (entries.length === 0) {
    console.log(`The local outbox is empty (${dir}).`);
    return 0;
  }
  console.log(`${entries.length} message(s) in ${dir}, newest first:`);
  for (const entry of entries) {
    console.log(`\n── ${entry.createdAt}  ${entry.channel} to ${entry.to}  (message ${entry.messageId})`);
    if (entry.subject) console.log(`Subject: ${entry.subject}`);
    console.log(entry.body);
  }
  return 0;
}

process.exitCode = await main();
