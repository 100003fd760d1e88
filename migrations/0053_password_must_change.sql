-- A one-time password an admin handed over (the accounts page, server/auth/account-routes.ts) was
-- seen on the admin's screen: until its holder sets their own, the account may sign in, change the
-- password and sign out, nothing else (server/auth/guards.ts).
ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
