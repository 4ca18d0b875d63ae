/** The templates in templates/, baked into the bundle as text: Apps Script has no file system. */
import ask from '../../templates/ask.mustache';
import interestHtml from '../../templates/interest.html.mustache';
import interest from '../../templates/interest.mustache';
import keepInTouch from '../../templates/keep-in-touch.mustache';
import reconnectHtml from '../../templates/reconnect.html.mustache';
import reconnect from '../../templates/reconnect.mustache';
import thankYou from '../../templates/thank-you.mustache';

export const BUNDLED_TEMPLATES: Readonly<Record<string, string>> = {
  'ask.mustache': ask,
  'interest.mustache': interest,
  'interest.html.mustache': interestHtml,
  'keep-in-touch.mustache': keepInTouch,
  'reconnect.mustache': reconnect,
  'reconnect.html.mustache': reconnectHtml,
  'thank-you.mustache': thankYou,
};
