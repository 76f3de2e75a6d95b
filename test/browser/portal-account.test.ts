/**
 * The customer portal's account screens in Chromium over the whole local platform (the browser
 * harness, demo seeds): registering a company, a password reset through the local mailbox's link,
 * an invitation's set-password link, company members (invite, role, spending limit), profile and
 * saved addresses used at checkout, and in-app notifications. Each journey starts from a company
 * of its own, so what it counts is its own. Every page visited is screenshotted
 * (.ci/artifacts/screenshots/account-*) and checked with axe-core.
 * Port: 23100 (this workspace's range 23100-23199).
 */
import type { ServiceName } from '@b2b/shared/catalogue';
import { formatMoney } from '@b2b/web-kit/ui/format';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, screenshot } from './support/browser-platform.ts';
import { apiAs, record, signIn } from './support/portal-pages.ts';
import { mailboxLink, newPerson, platformPerFile, registerCompany } from './support/portal-setup.ts';

const services: ServiceName[] = ['user', 'product', 'order', 'payment', 'notification', 'customer-portal'];

const file = platformPerFile(23100, services);

/** Per journey, as the issue asks (the platform's start is not part of it). */
const journeyBudgetMs = 60_000;
const eur = (amount: string) => formatMoney({ amount, currency: 'EUR' });

async function signInWith(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.runIf(hasChromium)('portal accounts in Chromium', () => {
  it('a visitor registers a company: a short password is refused next to its field, then they are signed in', async () => {
    const env = file();
    const started = Date.now();
    const person = newPerson('registrant');
    const page = await env.newPage();
    await page.goto(`${env.origin}/`);
    await page.getByRole('link', { name: 'Register your company' }).click();
    await page.getByRole('heading', { name: 'Register your company' }).waitFor();
    await record(page, 'account-01-register');

    await page.getByLabel('Company name').fill(person.companyName);
    await page.getByLabel('Your name').fill(person.name);
    await page.getByLabel('Email').fill(person.email);
    const password = page.getByLabel('Password (at least 10 characters)');
    await password.fill('short');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await record(page, 'account-02-register-refused');

    await password.fill(person.password);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // A company's first person administers it.
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByText(`${person.companyName} · credit used`).waitFor();
    await page.getByRole('heading', { name: new RegExp(`^${person.name}`) }).waitFor();
    await page.getByText(/^Company admin · active/).waitFor();
    await record(page, 'account-03-registered-members');
    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);

  it('a password reset through the mailbox link: a wrong token is refused, the emailed one sets the password once', async () => {
    const env = file();
    const started = Date.now();
    const person = await registerCompany(env.origin, env.platform, 'forgetful');
    const newPassword = 'a brand new passphrase';
    const page = await env.newPage();
    await page.goto(`${env.origin}/`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(person.email);
    await record(page, 'account-04-forgot-password');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').filter({ hasText: 'we have emailed it a link' }).waitFor();
    await record(page, 'account-05-reset-requested');
    const link = await mailboxLink(env.origin, person.email, '/reset-password');

    // A made-up token: refused, and the password is unchanged.
    await page.goto(`${env.origin}/reset-password?token=not-the-emailed-token`);
    await page.getByLabel('New password (at least 10 characters)').fill(newPassword);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByText('Your password is set.').count()).toBe(0);
    await record(page, 'account-06-reset-wrong-token');

    // The emailed link works…
    await page.goto(`${env.origin}${link}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password (at least 10 characters)').fill(newPassword);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password is set.' }).waitFor();
    await record(page, 'account-07-reset-done');
    // …once.
    await page.goto(`${env.origin}${link}`);
    await page.getByLabel('New password (at least 10 characters)').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').waitFor();

    // The old password no longer signs in; the new one does.
    await page.goto(`${env.origin}/`);
    await signInWith(page, person.email, person.password);
    await page
      .getByRole('alert')
      .filter({ hasText: /incorrect/i })
      .waitFor();
    await signInWith(page, person.email, newPassword);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);

  it('a company admin invites a member (a malformed limit refused) who sets a password from the link (a wrong token refused)', async () => {
    const env = file();
    const started = Date.now();
    const admin = await registerCompany(env.origin, env.platform, 'boss');
    const invitee = newPerson('invitee');
    const adminPage = await env.newPage();
    await signIn(adminPage, env.origin, admin);
    await adminPage.getByRole('link', { name: 'Members' }).click();
    await adminPage.getByRole('heading', { name: 'Company members' }).waitFor();
    await adminPage.getByLabel('Email').fill(invitee.email);
    await adminPage.getByLabel('Name', { exact: true }).fill(invitee.name);
    const limit = adminPage.getByLabel('Spending limit per order in EUR (empty: no limit)');
    // A limit with a decimal comma is not an amount: the API's message shows at the field.
    await limit.fill('12,50');
    await adminPage.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => limit.getAttribute('aria-invalid')).toBe('true');
    expect(await adminPage.getByRole('heading', { name: new RegExp(`^${invitee.name}`) }).count()).toBe(0);
    await record(adminPage, 'account-08-invite-refused');
    await limit.fill('');
    await adminPage.getByRole('button', { name: 'Send invitation' }).click();
    await adminPage
      .getByRole('status')
      .filter({ hasText: `Invitation sent to ${invitee.email}` })
      .waitFor();
    const inviteeCard = adminPage.getByRole('listitem').filter({ hasText: invitee.email });
    await inviteeCard.getByText('Buyer · invited · no spending limit').waitFor();
    await record(adminPage, 'account-09-invited');

    // The invitee: a wrong token is refused, the emailed link sets the password.
    const link = await mailboxLink(env.origin, invitee.email, '/set-password');
    const memberPage = await env.newPage();
    await memberPage.goto(`${env.origin}/set-password?token=guessed-token`);
    await memberPage.getByLabel('New password (at least 10 characters)').fill(invitee.password);
    await memberPage.getByRole('button', { name: 'Set password' }).click();
    await memberPage.getByRole('alert').waitFor();
    await memberPage.goto(`${env.origin}${link}`);
    await memberPage.getByRole('heading', { name: 'Welcome: choose your password' }).waitFor();
    await record(memberPage, 'account-10-set-password');
    await memberPage.getByLabel('New password (at least 10 characters)').fill(invitee.password);
    await memberPage.getByRole('button', { name: 'Set password' }).click();
    await memberPage.getByRole('status').filter({ hasText: 'Your password is set.' }).waitFor();
    await memberPage.getByRole('link', { name: 'Sign in' }).click();
    await signInWith(memberPage, invitee.email, invitee.password);
    await memberPage.getByRole('button', { name: 'Sign out' }).waitFor();
    // A buyer administers nothing.
    expect(await memberPage.getByRole('link', { name: 'Members' }).count()).toBe(0);
    await record(memberPage, 'account-11-member-signed-in');

    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);

  it('a company admin makes a member an approver with a spending limit; the member’s profile shows it', async () => {
    const env = file();
    const started = Date.now();
    const admin = await registerCompany(env.origin, env.platform, 'chief');
    const member = newPerson('member');
    // The invitation and its set-password link through the API: the journey above does them on screen.
    const adminApi = await apiAs(env.origin, { email: admin.email, password: admin.password });
    const invited = await adminApi('POST', '/companies/me/members', {
      email: member.email,
      name: member.name,
      companyRole: 'buyer',
      spendingLimit: null,
    });
    expect(invited.status).toBe(201);
    const link = await mailboxLink(env.origin, member.email, '/set-password');
    const token = new URLSearchParams(link.split('?')[1]).get('token');
    const confirmed = await fetch(`${env.origin}/api/v1/auth/password-reset/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, newPassword: member.password }),
    });
    expect(confirmed.status).toBeLessThan(300);

    const adminPage = await env.newPage();
    await signIn(adminPage, env.origin, admin);
    await adminPage.getByRole('link', { name: 'Members' }).click();
    const card = adminPage.getByRole('listitem').filter({ hasText: member.email });
    await card.getByText('Buyer · active · no spending limit').waitFor();
    await card.getByRole('button', { name: `Change ${member.name}` }).click();
    await adminPage.getByLabel(`Role of ${member.name}`).selectOption('approver');
    const limit = adminPage.getByLabel(`Spending limit of ${member.name} in EUR (empty: no limit)`);
    // A limit with a decimal comma is refused next to its field, and nothing changes…
    await limit.fill('750,50');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => limit.getAttribute('aria-invalid')).toBe('true');
    await record(adminPage, 'account-12-member-editing-refused');
    // …a well-formed one is saved.
    await limit.fill('750.50');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText(`Approver · active · limit ${eur('750.50')}`).waitFor();
    await record(adminPage, 'account-13-member-changed');

    // What the member sees of it: their profile says so.
    const memberPage = await env.newPage();
    await signIn(memberPage, env.origin, member);
    await memberPage.getByRole('link', { name: 'Profile' }).click();
    await memberPage
      .getByText(`${member.email} · Approver · spending limit ${eur('750.50')} per order`)
      .waitFor();
    await record(memberPage, 'account-14-member-profile');
    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);

  it('profile and saved addresses: add (a bad country refused), edit, delete; checkout delivers to the saved one', async ({
    onTestFailed,
  }) => {
    const env = file();
    const started = Date.now();
    const person = await registerCompany(env.origin, env.platform, 'addresser');
    const page = await env.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    onTestFailed(async () => {
      await screenshot(page, 'account-failed-addresses');
      console.error(`addresses page errors:\n${pageErrors.join('\n')}`);
    });
    await signIn(page, env.origin, person);
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await page.getByText('No saved addresses yet.').waitFor();
    await page.getByLabel('Phone (optional, international format)').fill('+49 711 123456');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await record(page, 'account-15-profile');

    const add = page.getByRole('form', { name: 'Add an address' });
    const fillAddress = async (label: string, line1: string, country: string) => {
      await add.getByLabel('Label (e.g. Warehouse)').fill(label);
      await add.getByLabel('Street and number').fill(line1);
      await add.getByLabel('Postal code').fill('70173');
      await add.getByLabel('City').fill('Stuttgart');
      await add.getByLabel('Country (2-letter code, e.g. DE)').fill(country);
    };
    await fillAddress('Warehouse', 'Industriestraße 7', 'Germany');
    await add.getByRole('button', { name: 'Save address' }).click();
    const country = add.getByLabel('Country (2-letter code, e.g. DE)');
    await expect.poll(() => country.getAttribute('aria-invalid')).toBe('true');
    await record(page, 'account-16-address-refused');
    await country.fill('de');
    await add.getByText('Use as my default address').click();
    await add.getByRole('button', { name: 'Save address' }).click();
    const cards = page.getByRole('region', { name: 'Addresses' }).getByRole('listitem');
    await cards.filter({ hasText: 'Warehouse (default)' }).waitFor();
    await fillAddress('Office', 'Königstraße 1', 'DE');
    await add.getByRole('button', { name: 'Save address' }).click();
    await cards.filter({ hasText: 'Office' }).waitFor();
    expect(await cards.count()).toBe(2);

    // Edit the warehouse: it moved down the road.
    await page.getByRole('button', { name: 'Edit Warehouse' }).click();
    const edit = page.getByRole('form', { name: 'Edit Warehouse' });
    await edit.getByLabel('Street and number').fill('Industriestraße 9');
    await record(page, 'account-17-address-editing');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await cards.filter({ hasText: 'Industriestraße 9, 70173 Stuttgart, DE' }).waitFor();
    expect(await cards.filter({ hasText: 'Industriestraße 7' }).count()).toBe(0);

    // Delete the office; the warehouse stays.
    await page.getByRole('button', { name: 'Delete Office' }).click();
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().textContent()).toContain('Warehouse (default)');
    await record(page, 'account-18-addresses');

    // Checkout offers the saved warehouse, chosen as the default; the order goes there.
    const api = await apiAs(env.origin, { email: person.email, password: person.password });
    expect((await api('POST', '/cart/items', { sku: 'PPE-00012', quantity: 2 })).status).toBe(201);
    await page.getByRole('link', { name: 'Cart', exact: true }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    const saved = page.getByRole('radio', { name: /^Warehouse\s*: Industriestraße 9, 70173 Stuttgart, DE/ });
    await saved.waitFor();
    expect(await saved.isChecked()).toBe(true);
    // No new-address fields while a saved one is chosen.
    expect(await page.getByLabel('Street and number').count()).toBe(0);
    await page.getByText('Card', { exact: true }).click();
    await page.getByLabel('Card token from the payment provider (sandbox: tok_visa)').fill('tok_visa');
    await record(page, 'account-19-checkout-saved-address');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { level: 1, name: /^Order SO-/ }).waitFor();
    await page.getByText('Ship to Warehouse: Industriestraße 9, 70173 Stuttgart, DE').waitFor();
    await record(page, 'account-20-order-to-saved-address');
    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);

  it('in-app notifications: the unread count in the navigation, an unread item marked read', async () => {
    const env = file();
    const started = Date.now();
    const person = await registerCompany(env.origin, env.platform, 'reader');
    const api = await apiAs(env.origin, { email: person.email, password: person.password });
    // The welcome message reaches the inbox over the bus.
    await expect
      .poll(
        async () =>
          ((await (await api('GET', '/notifications?unread=true')).json()) as { total: number }).total,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const page = await env.newPage();
    await signIn(page, env.origin, person);
    await page.getByRole('link', { name: 'Notifications (1 unread)' }).click();
    const welcome = `Welcome to B2B Commerce, ${person.name}`;
    const item = page.getByRole('listitem').filter({ hasText: welcome });
    await item.getByRole('heading', { name: `Unread: ${welcome}` }).waitFor();
    await record(page, 'account-21-notifications-unread');
    await page.getByText('Only unread').click();
    await item.waitFor();

    await item.getByRole('button', { name: `Mark as read: ${welcome}` }).click();
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: /unread/ }).count()).toBe(0);
    // Only unread: none left; everything: the item, read (no unread mark, no button).
    await page.getByText('No notifications.').waitFor();
    await record(page, 'account-22-notifications-none-unread');
    await page.getByText('Only unread').click();
    await item.getByRole('heading', { name: welcome, exact: true }).waitFor();
    expect(await item.getByRole('button').count()).toBe(0);
    await record(page, 'account-23-notifications-read');
    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);
});
