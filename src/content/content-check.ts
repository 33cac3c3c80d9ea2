// `npm run content:check`: validate the notes and print one line of counts.
import 'dotenv/config';
import { resolveContentDir } from '../config.js';
import { ContentError, libraryCounts, loadLibrary } from './content-loader.js';

try {
  console.log(libraryCounts(loadLibrary(resolveContentDir(process.env))));
} catch (err) {
  if (err instanceof ContentError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
