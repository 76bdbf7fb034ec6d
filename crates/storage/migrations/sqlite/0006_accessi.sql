-- Accessi: utenti dell'installazione, ruoli presso gli enti, token API; audit esteso e in
-- sola aggiunta.
--
-- Utenti e token sono dell'installazione, condivisi fra gli enti: per questo non portano
-- tenant_id (in una distribuzione per ente sarebbero tabelle di riferimento). I ruoli sono
-- dati di un ente e hanno tenant_id per primo.
CREATE TABLE utente (
    id BLOB NOT NULL PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    nome TEXT NOT NULL,
    -- argon2id in formato PHC; NULL: accesso solo con token.
    hash_password TEXT,
    superadmin INTEGER NOT NULL DEFAULT 0,
    attivo INTEGER NOT NULL DEFAULT 1,
    creato_il TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL
) STRICT;

CREATE TABLE ruolo_utente (
    tenant_id BLOB NOT NULL REFERENCES ente (tenant_id),
    utente_id BLOB NOT NULL REFERENCES utente (id),
    ruolo TEXT NOT NULL,
    -- Portata: codici JSON (CdR, obiettivi) e la persona collegata.
    cdr TEXT NOT NULL DEFAULT '[]',
    obiettivi TEXT NOT NULL DEFAULT '[]',
    persona TEXT,
    concesso_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, utente_id, ruolo)
) STRICT;
CREATE INDEX ruolo_utente_per_utente ON ruolo_utente (utente_id);

CREATE TABLE token_api (
    id BLOB NOT NULL PRIMARY KEY,
    utente_id BLOB NOT NULL REFERENCES utente (id),
    -- SHA-256 del segreto, esadecimale: il segreto non si conserva.
    hash TEXT NOT NULL UNIQUE,
    descrizione TEXT,
    creato_il TEXT NOT NULL,
    scade_il TEXT,
    revocato_il TEXT
) STRICT;
CREATE INDEX token_api_per_utente ON token_api (utente_id);

-- Audit: chi (utente_id, oltre al testo dell'attore), su quale entità. Gli eventi
-- dell'installazione (accessi, utenti, token) hanno tenant_id = UUID nullo.
ALTER TABLE audit ADD COLUMN utente_id BLOB;
ALTER TABLE audit ADD COLUMN entita_id BLOB;
CREATE INDEX audit_per_momento ON audit (tenant_id, momento);
CREATE INDEX audit_per_entita ON audit (tenant_id, entita_id);
CREATE INDEX audit_per_utente ON audit (tenant_id, utente_id);

-- Il registro è in sola aggiunta anche per chi scrive SQL a mano.
CREATE TRIGGER audit_niente_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'il registro di audit è in sola aggiunta: UPDATE rifiutato');
END;
CREATE TRIGGER audit_niente_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'il registro di audit è in sola aggiunta: DELETE rifiutato');
END;
