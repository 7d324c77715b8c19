/**
 * Storage of the portal's accounts (users with a role, their sessions, invites) and of the
 * partner's branding, on either engine through the SqlDatabase seam. Store (store.ts) delegates
 * its Storage methods here. Secrets (session and invite tokens) are stored as SHA-256 hashes
 * only: a copy of the database lets nobody sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlClient, SqlDatabase } from './sql.js';

export type PortalRole = 'admin' | 'manager' | 'viewer';
export const PORTAL_ROLES: readonly PortalRole[] = ['admin', 'manager', 'viewer'];

export interface PortalUserRow {
  id: string;
  email: string;
  role: PortalRole;
  /** Whether a password is set: an invited user has none until the invite is taken. */
  active: boolean;
  createdAt: string;
  updatedAt: string;
}
/** A live portal session: its user and the CSRF token every form of the session carries. */
export interface PortalSessionRow {
  user: PortalUserRow;
  csrfToken: string;
  tokenHash: string;
  expiresAt: number;
}
export interface PortalInviteRow {
  email: string;
  role: PortalRole;
  expiresAt: number;
}

export interface BrandingRow {
  partnerName: string | null;
  /** `#rrggbb`, lower case. */
  primaryColor: string | null;
  defaultLocale: 'en' | 'fr';
  /** The logo's kind and size, when one is stored; its bytes come from `brandingLogo`. */
  logo: { type: LogoType; hash: string; width: number; height: number } | null;
  updatedAt: string | null;
}
export type LogoType = 'image/png' | 'image/jpeg' | 'image/svg+xml';
export interface BrandingPatch {
  partnerName?: string | null;
  primaryColor?: string | null;
  defaultLocale?: 'en' | 'fr';
  logo?: { type: LogoType; bytes: Buffer; width: number; height: number } | null;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');
const now = (): string => new Date().toISOString();
/** E-mail addresses compare case-insensitively: stored as typed, looked up lower-cased. */
export const normalEmail = (email: string): string => email.trim().toLowerCase();

const USER_COLUMNS = 'id, email, role, password_hash IS NOT NULL AS active, created_at AS "createdAt", updated_at AS "updatedAt"';
type RawUser = Omit<PortalUserRow, 'active'> & { active: boolean | number };
const toUser = (row: RawUser): PortalUserRow => ({ ...row, active: Boolean(row.active) });

export class AccountsStore {
  constructor(private readonly sql: SqlDatabase) {}

  async createPortalUser(email: string, role: PortalRole, passwordHash: string | null, client: SqlClient = this.sql): Promise<PortalUserRow> {
    const id = `usr_${randomBytes(12).toString('base64url')}`;
    const at = now();
    await client.run('INSERT INTO portal_users (id, email, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [
      id,
      normalEmail(email),
      role,
      passwordHash,
      at,
      at,
    ]);
    return (await this.getPortalUser(id, client))!;
  }

  async getPortalUser(id: string, client: SqlClient = this.sql): Promise<PortalUserRow | undefined> {
    const row = await client.get<RawUser>(`SELECT ${USER_COLUMNS} FROM portal_users WHERE id = ?`, [id]);
    return row && toUser(row);
  }

  /** The user and the stored password hash (null while an invite is pending), for signing in. */
  async portalCredentialOf(email: string): Promise<{ user: PortalUserRow; passwordHash: string | null } | undefined> {
    const row = await this.sql.get<RawUser & { passwordHash: string | null }>(
      `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM portal_users WHERE email = ?`,
      [normalEmail(email)],
    );
    if (!row) return undefined;
    const { passwordHash, ...user } = row;
    return { user: toUser(user), passwordHash };
  }

  async listPortalUsers(): Promise<PortalUserRow[]> {
    return (await this.sql.all<RawUser>(`SELECT ${USER_COLUMNS} FROM portal_users ORDER BY email`)).map(toUser);
  }

  /** Sets the password and role of `email`, creating the user if needed (the first admin, from the command line). */
  async upsertPortalUser(email: string, role: PortalRole, passwordHash: string): Promise<PortalUserRow> {
    const at = now();
    await this.sql.run(
      `INSERT INTO portal_users (id, email, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (email) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
      [`usr_${randomBytes(12).toString('base64url')}`, normalEmail(email), role, passwordHash, at, at],
    );
    return (await this.portalCredentialOf(email))!.user;
  }

  async createPortalSession(userId: string, ttlMs: number, at: number = Date.now()): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = at + ttlMs;
    await this.sql.run('INSERT INTO portal_sessions (token_hash, user_id, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?)', [
      hashToken(token),
      userId,
      csrfToken,
      expiresAt,
      new Date(at).toISOString(),
    ]);
    return { token, csrfToken, expiresAt };
  }

  async resolvePortalSession(token: string, at: number = Date.now()): Promise<PortalSessionRow | undefined> {
    const row = await this.sql.get<{ userId: string; csrfToken: string; tokenHash: string; expiresAt: number | string }>(
      'SELECT user_id AS "userId", csrf_token AS "csrfToken", token_hash AS "tokenHash", expires_at AS "expiresAt" FROM portal_sessions WHERE token_hash = ?',
      [hashToken(token)],
    );
    if (!row || Number(row.expiresAt) <= at) return undefined;
    const user = await this.getPortalUser(row.userId);
    if (!user || !user.active) return undefined;
    return { user, csrfToken: row.csrfToken, tokenHash: row.tokenHash, expiresAt: Number(row.expiresAt) };
  }

  async deletePortalSession(token: string): Promise<void> {
    await this.sql.run('DELETE FROM portal_sessions WHERE token_hash = ?', [hashToken(token)]);
  }

  /**
   * An invite for `email` with `role`: the token is returned once (for the e-mail and the admin's
   * screen), only its hash is stored. A new invite for the same address replaces the older ones.
   */
  async createPortalInvite(
    email: string,
    role: PortalRole,
    invitedBy: string | null,
    ttlMs: number,
    at: number = Date.now(),
  ): Promise<{ token: string; expiresAt: number }> {
    const token = newToken();
    const expiresAt = at + ttlMs;
    await this.sql.transaction(async (tx) => {
      await tx.run('DELETE FROM portal_invites WHERE email = ? AND used_at IS NULL', [normalEmail(email)]);
      await tx.run('INSERT INTO portal_invites (token_hash, email, role, invited_by, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        hashToken(token),
        normalEmail(email),
        role,
        invitedBy,
        expiresAt,
        new Date(at).toISOString(),
      ]);
      // The user exists from the invite on (with no password, so it cannot sign in yet) and is listed.
      const existing = await tx.get<{ id: string }>('SELECT id FROM portal_users WHERE email = ?', [normalEmail(email)]);
      if (!existing) await this.createPortalUser(email, role, null, tx);
    });
    return { token, expiresAt };
  }

  /** The invite `token` names, while it is unused and unexpired. */
  async peekPortalInvite(token: string, at: number = Date.now()): Promise<PortalInviteRow | undefined> {
    const row = await this.sql.get<{ email: string; role: PortalRole; expiresAt: number | string }>(
      'SELECT email, role, expires_at AS "expiresAt" FROM portal_invites WHERE token_hash = ? AND used_at IS NULL',
      [hashToken(token)],
    );
    if (!row || Number(row.expiresAt) <= at) return undefined;
    return { email: row.email, role: row.role, expiresAt: Number(row.expiresAt) };
  }

  /**
   * Takes the invite once: sets the user's password and the invite's role. Two tabs taking the
   * same invite at once: one wins, the other gets undefined.
   */
  async acceptPortalInvite(token: string, passwordHash: string, at: number = Date.now()): Promise<PortalUserRow | undefined> {
    return this.sql.transaction(async (tx) => {
      const taken = await tx.all<{ email: string; role: PortalRole }>(
        'UPDATE portal_invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING email, role',
        [new Date(at).toISOString(), hashToken(token), at],
      );
      const invite = taken[0];
      if (!invite) return undefined;
      await tx.run('UPDATE portal_users SET password_hash = ?, role = ?, updated_at = ? WHERE email = ?', [passwordHash, invite.role, now(), invite.email]);
      const row = await tx.get<RawUser>(`SELECT ${USER_COLUMNS} FROM portal_users WHERE email = ?`, [invite.email]);
      return row ? toUser(row) : await this.createPortalUser(invite.email, invite.role, passwordHash, tx);
    });
  }

  /** Forgets portal sessions and invites past their end; returns how many rows went. */
  async sweepAccounts(tx: SqlClient, at: number): Promise<number> {
    let removed = (await tx.run('DELETE FROM portal_sessions WHERE expires_at < ?', [at])).changes;
    removed += (await tx.run('DELETE FROM portal_invites WHERE expires_at < ?', [at])).changes;
    return removed;
  }

  async getBranding(): Promise<BrandingRow> {
    const row = await this.sql.get<{
      partnerName: string | null;
      primaryColor: string | null;
      defaultLocale: string;
      logoType: LogoType | null;
      logoHash: string | null;
      logoWidth: number | null;
      logoHeight: number | null;
      updatedAt: string;
    }>(`SELECT partner_name AS "partnerName", primary_color AS "primaryColor", default_locale AS "defaultLocale", logo_type AS "logoType",
      logo_hash AS "logoHash", logo_width AS "logoWidth", logo_height AS "logoHeight", updated_at AS "updatedAt" FROM branding WHERE id = 1`);
    if (!row) return { partnerName: null, primaryColor: null, defaultLocale: 'en', logo: null, updatedAt: null };
    return {
      partnerName: row.partnerName,
      primaryColor: row.primaryColor,
      defaultLocale: row.defaultLocale === 'fr' ? 'fr' : 'en',
      logo: row.logoType && row.logoHash ? { type: row.logoType, hash: row.logoHash, width: Number(row.logoWidth), height: Number(row.logoHeight) } : null,
      updatedAt: row.updatedAt,
    };
  }

  async brandingLogo(): Promise<{ type: LogoType; bytes: Buffer; hash: string } | undefined> {
    const row = await this.sql.get<{ logo: string | null; type: LogoType | null; hash: string | null }>(
      'SELECT logo, logo_type AS type, logo_hash AS hash FROM branding WHERE id = 1',
    );
    if (!row?.logo || !row.type || !row.hash) return undefined;
    return { type: row.type, bytes: Buffer.from(row.logo, 'base64'), hash: row.hash };
  }

  /** Changes the fields `patch` names; a `null` clears one. */
  async saveBranding(patch: BrandingPatch): Promise<BrandingRow> {
    await this.sql.transaction(async (tx) => {
      await tx.run("INSERT INTO branding (id, default_locale, updated_at) VALUES (1, 'en', ?) ON CONFLICT (id) DO NOTHING", [now()]);
      if (patch.partnerName !== undefined) await tx.run('UPDATE branding SET partner_name = ? WHERE id = 1', [patch.partnerName]);
      if (patch.primaryColor !== undefined) await tx.run('UPDATE branding SET primary_color = ? WHERE id = 1', [patch.primaryColor]);
      if (patch.defaultLocale !== undefined) await tx.run('UPDATE branding SET default_locale = ? WHERE id = 1', [patch.defaultLocale]);
      if (patch.logo !== undefined) {
        const logo = patch.logo;
        await tx.run(
          'UPDATE branding SET logo = ?, logo_type = ?, logo_hash = ?, logo_width = ?, logo_height = ? WHERE id = 1',
          logo
            ? [logo.bytes.toString('base64'), logo.type, createHash('sha256').update(logo.bytes).digest('hex').slice(0, 16), logo.width, logo.height]
            : [null, null, null, null, null],
        );
      }
      await tx.run('UPDATE branding SET updated_at = ? WHERE id = 1', [now()]);
    });
    return this.getBranding();
  }
}
