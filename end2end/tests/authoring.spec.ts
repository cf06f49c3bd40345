import { expect, test, type Page } from '@playwright/test';
import { acme, gotoReady, jsEnabled, login, waitReady } from './support';

/** Lesson titles per module, as the editor shows them. */
async function outline(page: Page): Promise<string[][]> {
  const modules = page.getByTestId('module');
  const result: string[][] = [];
  for (let i = 0; i < (await modules.count()); i++) {
    result.push(
      await modules
        .nth(i)
        .getByTestId('lesson-name')
        .allInnerTexts(),
    );
  }
  return result;
}

async function addModule(page: Page, title: string): Promise<void> {
  const before = await page.getByTestId('module').count();
  await page.fill('#new-module-title', title);
  await page.getByRole('button', { name: 'Add module' }).click();
  await expect(page.getByTestId('module')).toHaveCount(before + 1);
  await waitReady(page);
}

async function addLesson(page: Page, module: number, title: string, kind: string): Promise<void> {
  const section = page.getByTestId('module').nth(module);
  const before = await section.getByTestId('lesson').count();
  await section.getByLabel('New lesson').fill(title);
  await section.getByLabel('Kind').selectOption(kind);
  await section.getByRole('button', { name: 'Add lesson' }).click();
  await expect(page.getByTestId('module').nth(module).getByTestId('lesson')).toHaveCount(before + 1);
  await waitReady(page);
}

test('an instructor builds a curriculum and reorders it with buttons', async ({ page }) => {
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Curriculum ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await waitReady(page);
  await page.getByTestId('edit-curriculum').click();
  await page.waitForURL(/\/curriculum$/);
  await waitReady(page);
  await expect(page.getByTestId('no-modules')).toBeVisible();
  await expect(page.getByTestId('readiness')).toContainText('Add a module with at least one lesson.');

  await addModule(page, 'Basics');
  await addModule(page, 'Advanced');
  await addLesson(page, 0, 'One', 'text');
  await addLesson(page, 0, 'Two', 'quiz');
  await addLesson(page, 0, 'Three', 'video');
  await addLesson(page, 1, 'Four', 'file');
  expect(await outline(page)).toEqual([['One', 'Two', 'Three'], ['Four']]);
  await expect(page.getByTestId('curriculum-summary')).toContainText('2 modules · 4 lessons');
  await expect(page.getByTestId('readiness')).toContainText('The quiz “Two” needs at least one question');

  // Down from the bottom of a module: the top of the next one.
  await page.getByRole('button', { name: 'Move down: Lesson Three, 3 of 3 in module 1' }).click();
  await expect.poll(() => outline(page)).toEqual([['One', 'Two'], ['Three', 'Four']]);
  await waitReady(page);
  // Move to another module: it goes last there.
  const two = page.getByTestId('lesson').filter({ has: page.getByTestId('lesson-name').getByText('Two', { exact: true }) });
  await two.locator('summary').click();
  await two.getByLabel('Module to move Two to').selectOption({ label: 'Advanced' });
  await two.getByRole('button', { name: 'Move to module' }).click();
  await expect.poll(() => outline(page)).toEqual([['One'], ['Three', 'Four', 'Two']]);
  await waitReady(page);
  // Modules move with their lessons.
  await page.getByRole('button', { name: 'Move up: Module 2: Advanced' }).click();
  await expect.poll(() => outline(page)).toEqual([['Three', 'Four', 'Two'], ['One']]);
  await waitReady(page);
  // Rename, then delete a lesson.
  const one = page.getByTestId('lesson').filter({ has: page.getByTestId('lesson-name').getByText('One', { exact: true }) });
  await one.locator('summary').click();
  await one.getByTestId('lesson-title').fill('Hello');
  await one.getByRole('button', { name: 'Rename' }).click();
  await expect.poll(() => outline(page)).toEqual([['Three', 'Four', 'Two'], ['Hello']]);
  await waitReady(page);
  const four = page.getByTestId('lesson').filter({ has: page.getByTestId('lesson-name').getByText('Four', { exact: true }) });
  await four.locator('summary').click();
  await page.getByRole('button', { name: 'Delete lesson: Lesson Four, 2 of 3 in module 1' }).click();
  await expect.poll(() => outline(page)).toEqual([['Three', 'Two'], ['Hello']]);
  if (jsEnabled()) {
    // Undo is offered for a few seconds; then the deletion is sent.
    await expect(page.getByTestId('undo-bar')).toContainText('Deleted lesson Four.');
    await expect(page.getByTestId('undo-bar')).toBeHidden({ timeout: 10_000 });
    await expect(page.getByTestId('live-region')).toHaveText('Deleted.');
  }

  // The order is the stored one.
  await page.reload();
  await waitReady(page);
  expect(await outline(page)).toEqual([['Three', 'Two'], ['Hello']]);
  await expect(page.getByTestId('module').first().locator('[data-testid="module-title"]')).toHaveText('Advanced');
});

test('a change made against an older curriculum is not applied, and the editor says so', async ({ page, browser }) => {
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Two tabs ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  const curriculum = `${page.url().split('?')[0]}/curriculum`;
  await gotoReady(page, curriculum);
  await addModule(page, 'First');
  await addModule(page, 'Second');

  // A second tab of the same person moves a module…
  const other = await page.context().newPage();
  await gotoReady(other, curriculum);
  await other.getByRole('button', { name: 'Move up: Module 2: Second' }).click();
  await expect.poll(() => other.getByTestId('module-title').allInnerTexts()).toEqual(['Second', 'First']);
  await other.close();

  // …so this tab's move, made against the old order, is refused with the current one.
  await page.getByRole('button', { name: 'Move down: Module 1: First' }).click();
  await expect(page.getByTestId('stale-note')).toBeVisible();
  await expect(page.getByTestId('module-title')).toHaveText(['Second', 'First']);
  void browser;
});

test('a lesson is written with a live preview and saved; a quiz gets questions of every kind and a preview', async ({ page }) => {
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Lessons ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await gotoReady(page, `${page.url().split('?')[0]}/curriculum`);
  await addModule(page, 'Basics');
  await addLesson(page, 0, 'Reading', 'text');
  await addLesson(page, 0, 'Check-in', 'quiz');

  // The text lesson: body, minutes, preview flag; the preview is the player's rendering.
  await page.getByTestId('lesson-name').getByText('Reading', { exact: true }).click();
  await page.waitForURL(/\/lessons\/[0-9a-f-]{36}$/);
  await waitReady(page);
  await page.fill('#lesson-minutes', '12');
  await page.check('#lesson-preview');
  await page.fill('#lesson-body', '# Loops\n\nUse **for**. <script>window.__pwned = 1</script>');
  if (jsEnabled()) {
    await expect(page.getByTestId('lesson-preview').locator('h2')).toHaveText('Loops');
    // Saved as it is typed, without pressing anything.
    await expect(page.getByTestId('save-state')).toHaveText(/Saved/, { timeout: 8000 });
  } else {
    await page.getByRole('button', { name: 'Save lesson' }).click();
    await expect(page.getByTestId('saved-note')).toBeVisible();
  }
  await page.reload();
  await waitReady(page);
  await expect(page.locator('#lesson-minutes')).toHaveValue('12');
  await expect(page.locator('#lesson-preview')).toBeChecked();
  await expect(page.getByTestId('lesson-preview').locator('strong')).toHaveText('for');
  await expect(page.getByTestId('lesson-preview')).toContainText('<script>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // The quiz lesson (next in the curriculum).
  await page.getByRole('link', { name: 'Next lesson →' }).click();
  await page.waitForURL(/\/lessons\/[0-9a-f-]{36}$/);
  await waitReady(page);
  const builder = page.getByTestId('quiz-builder');
  await expect(builder).toBeVisible();
  const add = builder.locator('details.add-question');
  const addQuestion = async (fill: (form: import('@playwright/test').Locator) => Promise<void>, count: number) => {
    if (!(await add.evaluate((d) => (d as HTMLDetailsElement).open))) await add.locator('summary').click();
    const form = add.getByTestId('question-form');
    await fill(form);
    await form.getByRole('button', { name: 'Save question' }).click();
    await expect(page.getByTestId('question')).toHaveCount(count);
    await waitReady(page);
  };
  await addQuestion(async (form) => {
    await form.getByLabel('Kind').selectOption('single');
    await form.getByLabel('Question').fill('Which keyword loops?');
    await form.getByLabel('Option 1', { exact: true }).fill('for');
    await form.getByLabel('Option 1 is correct').check();
    await form.getByLabel('Option 2', { exact: true }).fill('let');
  }, 1);
  await addQuestion(async (form) => {
    await form.getByLabel('Kind').selectOption('true_false');
    await form.getByLabel('Question').fill('Rust has a garbage collector.');
    await form.getByLabel('False').check();
  }, 2);
  await addQuestion(async (form) => {
    await form.getByLabel('Kind').selectOption('short_text');
    await form.getByLabel('Question').fill('Which command builds?');
    await form.getByLabel(/Accepted answers/).fill('cargo build\ncargo b');
  }, 3);
  await addQuestion(async (form) => {
    await form.getByLabel('Kind').selectOption('multiple');
    await form.getByLabel('Question').fill('Which are integers?');
    await form.getByLabel('Points').fill('3');
    await form.getByLabel('Option 1', { exact: true }).fill('i32');
    await form.getByLabel('Option 1 is correct').check();
    await form.getByLabel('Option 2', { exact: true }).fill('u8');
    await form.getByLabel('Option 2 is correct').check();
    await form.getByLabel('Option 3', { exact: true }).fill('f64');
  }, 4);
  await expect(page.getByTestId('quiz-summary')).toHaveText('4 questions · 6 points in all');
  // A question with no correct option is refused, and nothing is added.
  await addQuestion(async (form) => {
    await form.getByLabel('Kind').selectOption('single');
    await form.getByLabel('Question').fill('Nothing right?');
    await form.getByLabel('Option 1', { exact: true }).fill('a');
    await form.getByLabel('Option 2', { exact: true }).fill('b');
  }, 4).catch(() => undefined);
  await expect(page.getByTestId('quiz-error')).toContainText('mark at least one option correct');
  await expect(page.getByTestId('question')).toHaveCount(4);

  // Reorder: the last question up.
  await page.getByRole('button', { name: 'Move up: question 4 of 4' }).click();
  await expect(page.getByTestId('question').nth(2)).toContainText('Which are integers?');
  await waitReady(page);
  // The learner's preview marks no answer.
  const preview = page.getByTestId('quiz-preview');
  await preview.locator('summary').click();
  await expect(preview.getByTestId('preview-question')).toHaveCount(4);
  await expect(preview).not.toContainText('✓');
  await expect(preview.getByRole('button', { name: 'Submit answers' })).toBeDisabled();
});

test('lessons and modules are reordered with the keyboard alone, across modules, and Escape puts a lesson back', async ({ page }) => {
  test.skip(!jsEnabled(), 'keyboard reordering needs JavaScript; without it the Move buttons do the same');
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Keys ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await gotoReady(page, `${page.url().split('?')[0]}/curriculum`);
  await addModule(page, 'First');
  await addModule(page, 'Second');
  await addLesson(page, 0, 'Alpha', 'text');
  await addLesson(page, 0, 'Beta', 'text');
  await addLesson(page, 1, 'Gamma', 'text');
  const live = page.getByTestId('live-region');

  // The handle is a button named with the lesson and its place.
  const handle = page.getByRole('button', { name: 'Lesson Alpha, 1 of 2 in module 1', exact: true });
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(live).toContainText('Lifted Lesson Alpha, 1 of 2 in module 1');
  await page.keyboard.press('ArrowDown');
  await expect(live).toHaveText('Lesson Alpha, 2 of 2 in module 1.');
  await page.keyboard.press('ArrowDown');
  await expect(live).toHaveText('Lesson Alpha, 1 of 2 in module 2.');
  await expect.poll(() => outline(page)).toEqual([['Beta'], ['Alpha', 'Gamma']]);
  // Focus stayed on the moved lesson's handle.
  await expect(page.locator(':focus')).toHaveAttribute('data-testid', 'handle');
  await page.keyboard.press('Space');
  await expect(live).toHaveText('Moved. Alpha is lesson 1 of 2 in module 2, Second.');
  await page.reload();
  await waitReady(page);
  expect(await outline(page)).toEqual([['Beta'], ['Alpha', 'Gamma']]);

  // Escape cancels: nothing moves, nothing is sent.
  await page.getByRole('button', { name: 'Lesson Gamma, 2 of 2 in module 2', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(live).toContainText('Lifted Lesson Gamma');
  await page.keyboard.press('ArrowUp');
  await expect(live).toHaveText('Lesson Gamma, 1 of 2 in module 2.');
  await page.keyboard.press('ArrowUp');
  await expect(live).toHaveText('Lesson Gamma, 2 of 2 in module 1.');
  await expect.poll(() => outline(page)).toEqual([['Beta', 'Gamma'], ['Alpha']]);
  await page.keyboard.press('Escape');
  await expect(live).toHaveText('Cancelled. Back at Lesson Gamma, 2 of 2 in module 2.');
  await expect.poll(() => outline(page)).toEqual([['Beta'], ['Alpha', 'Gamma']]);
  await page.reload();
  await waitReady(page);
  expect(await outline(page)).toEqual([['Beta'], ['Alpha', 'Gamma']]);

  // Modules move the same way, their lessons with them.
  await page.getByRole('button', { name: 'Module Second, 2 of 2', exact: true }).focus();
  await page.keyboard.press('Space');
  await expect(live).toContainText('Lifted Module Second, 2 of 2');
  await page.keyboard.press('ArrowUp');
  await expect(live).toHaveText('Module Second, 1 of 2.');
  await expect(page.locator(':focus')).toHaveAttribute('data-testid', 'module-handle');
  await page.keyboard.press('Space');
  await expect(live).toHaveText('Moved. Module Second is 1 of 2.');
  await page.reload();
  await waitReady(page);
  expect(await outline(page)).toEqual([['Alpha', 'Gamma'], ['Beta']]);
});

test('a lesson is dragged with the mouse to another module, and a module below another', async ({ page }) => {
  test.skip(!jsEnabled(), 'dragging needs JavaScript; without it the Move buttons do the same');
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Drag ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await gotoReady(page, `${page.url().split('?')[0]}/curriculum`);
  await addModule(page, 'First');
  await addModule(page, 'Second');
  await addLesson(page, 0, 'Alpha', 'text');
  await addLesson(page, 0, 'Beta', 'text');
  await addLesson(page, 1, 'Gamma', 'text');
  await addLesson(page, 1, 'Delta', 'text');

  // Alpha's handle, dropped on the lower half of Gamma: between Gamma and Delta.
  const handle = page.getByRole('button', { name: 'Lesson Alpha, 1 of 2 in module 1', exact: true });
  const gamma = page.getByTestId('lesson').filter({ has: page.getByTestId('lesson-name').getByText('Gamma', { exact: true }) });
  const from = (await handle.boundingBox())!;
  const to = (await gamma.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height * 0.75, { steps: 12 });
  // The drop line is drawn before the row below.
  await expect(page.locator('.lesson--drop')).toHaveCount(1);
  await page.mouse.up();
  await expect.poll(() => outline(page)).toEqual([['Beta'], ['Gamma', 'Alpha', 'Delta']]);
  await expect(page.getByTestId('live-region')).toContainText('Moved. Alpha is lesson 2 of 3 in module 2, Second.');
  await page.reload();
  await waitReady(page);
  expect(await outline(page)).toEqual([['Beta'], ['Gamma', 'Alpha', 'Delta']]);

  // A module dragged below the other takes its lessons along.
  const first = page.getByRole('button', { name: 'Module First, 1 of 2', exact: true });
  const second = page.getByTestId('module').nth(1);
  const a = (await first.boundingBox())!;
  const b = (await second.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height * 0.8, { steps: 12 });
  await expect(page.locator('.module--drop-after')).toHaveCount(1);
  await page.mouse.up();
  await expect.poll(() => outline(page)).toEqual([['Gamma', 'Alpha', 'Delta'], ['Beta']]);
  await expect(page.getByTestId('live-region')).toHaveText('Moved. Module First is 2 of 2.');
  await page.reload();
  await waitReady(page);
  expect(await outline(page)).toEqual([['Gamma', 'Alpha', 'Delta'], ['Beta']]);
});

test('a change shows at once, and one the server does not take is put back with a message', async ({ page }) => {
  test.skip(!jsEnabled(), 'without JavaScript every change is a page load');
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Optimistic ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await waitReady(page);
  await page.getByTestId('edit-curriculum').click();
  await page.waitForURL(/\/curriculum$/);
  await waitReady(page);
  await addModule(page, 'Only');
  await addLesson(page, 0, 'First', 'text');
  await addLesson(page, 0, 'Second', 'text');

  // A slow server: the move is drawn before the answer comes.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/fn/authoring/change', async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Move down: Lesson First, 1 of 2 in module 1' }).click();
  expect(await outline(page)).toEqual([['Second', 'First']]);
  release();
  await expect(page.getByTestId('live-region')).toContainText('Moved');
  await page.unroute('**/fn/authoring/change');
  expect(await outline(page)).toEqual([['Second', 'First']]);

  // The connection fails: the move is undone, and the page says so.
  await page.route('**/fn/authoring/change', (route) => route.abort());
  await page.getByRole('button', { name: 'Move down: Lesson Second, 1 of 2 in module 1' }).click();
  await expect(page.getByTestId('live-region')).toContainText('Not saved');
  expect(await outline(page)).toEqual([['Second', 'First']]);
  await expect(page.getByTestId('curriculum-error')).toBeVisible();
  await page.unroute('**/fn/authoring/change');
  await page.reload();
  await waitReady(page);
  expect(await outline(page)).toEqual([['Second', 'First']]);
});

test('a deleted lesson or module can be taken back for a few seconds', async ({ page }) => {
  test.skip(!jsEnabled(), 'without JavaScript a deletion is a form post, done at once');
  await login(page, acme, 'ines@acme.test');
  await gotoReady(page, `${acme}/instructor/courses/new`);
  await page.fill('#title', `Undo ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(/\/instructor\/courses\/[0-9a-f-]{36}/);
  await gotoReady(page, `${page.url().split('?')[0]}/curriculum`);
  await addModule(page, 'Keep');
  await addModule(page, 'Drop');
  await addLesson(page, 0, 'Alpha', 'text');
  await addLesson(page, 0, 'Beta', 'text');
  await addLesson(page, 1, 'Gamma', 'text');

  const alpha = page.getByTestId('lesson').filter({ has: page.getByTestId('lesson-name').getByText('Alpha', { exact: true }) });
  await alpha.locator('summary').click();
  await page.getByRole('button', { name: 'Delete lesson: Lesson Alpha, 1 of 2 in module 1' }).click();
  expect(await outline(page)).toEqual([['Beta'], ['Gamma']]);
  await page.getByTestId('undo').click();
  expect(await outline(page)).toEqual([['Alpha', 'Beta'], ['Gamma']]);
  await expect(page.getByTestId('live-region')).toHaveText('Restored lesson Alpha.');
  await expect(page.getByTestId('undo-bar')).toBeHidden();

  // A module with its lesson, and a move made while the deletion waits:
  // both are kept, in order.
  const drop = page.getByTestId('module').nth(1);
  await drop.locator('summary', { hasText: 'Edit module' }).click();
  await drop.getByRole('button', { name: /^Delete module and its lesson/ }).click();
  expect(await outline(page)).toEqual([['Alpha', 'Beta']]);
  await expect(page.getByTestId('undo-bar')).toContainText('Deleted module Drop and its lesson.');
  await page.getByRole('button', { name: 'Move down: Lesson Alpha, 1 of 2 in module 1' }).click();
  expect(await outline(page)).toEqual([['Beta', 'Alpha']]);
  await expect(page.getByTestId('undo-bar')).toBeHidden({ timeout: 10_000 });
  await expect(page.getByTestId('live-region')).toHaveText('Deleted.');
  await page.reload();
  await waitReady(page);
  expect(await outline(page)).toEqual([['Beta', 'Alpha']]);
});
