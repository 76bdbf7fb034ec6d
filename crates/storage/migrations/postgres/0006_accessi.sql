-- Accessi: utenti dell'installazione, ruoli presso gli enti, token API; audit esteso e in
-- sola aggiunta.
--
-- Utenti e token sono dell'installazione, condivisi fra gli enti: per questo non portano
-- tenant_id (in una distribuzione per ente sarebbero tabelle di riferimento). I ruoli sono
-- dati di un ente e hanno tenant_id per primo.
CREATE TABLE utente (
    id UUID NOT NULL PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    nome TEXT NOT NULL,
    -- argon2id in formato PHC; NULL: accesso solo con token.
    hash_password TEXT,
    superadmin BOOLEAN NOT NULL DEFAULT FALSE,
    attivo BOOLEAN NOT NULL DEFAULT TRUE,
    creato_il TIMESTAMPTZ NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL
);

CREATE TABLE ruolo_utente (
    tenant_id UUID NOT NULL REFERENCES ente (tenant_id),
    utente_id UUID NOT NULL REFERENCES utente (id),
    ruolo TEXT NOT NULL,
    -- Portata: codici JSON (CdR, obiettivi) e la persona collegata.
    cdr TEXT NOT NULL DEFAULT '[]',
    obiettivi TEXT NOT NULL DEFAULT '[]',
    persona TEXT,
    concesso_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, utente_id, ruolo)
);
CREATE INDEX ruolo_utente_per_utente ON ruolo_utente (utente_id);

CREATE TABLE token_api (
    id UUID NOT NULL PRIMARY KEY,
    utente_id UUID NOT NULL REFERENCES utente (id),
    -- SHA-256 del segreto, esadecimale: il segreto non si conserva.
    hash TEXT NOT NULL UNIQUE,
    descrizione TEXT,
    creato_il TIMESTAMPTZ NOT NULL,
    scade_il TIMESTAMPTZ,
    revocato_il TIMESTAMPTZ
);
CREATE INDEX token_api_per_utente ON token_api (utente_id);

-- Audit: chi (utente_id, oltre al testo dell'attore), su quale entità. Gli eventi
-- dell'installazione (accessi, utenti, token) hanno tenant_id = UUID nullo.
ALTER TABLE audit ADD COLUMN utente_id UUID;
ALTER TABLE audit ADD COLUMN entita_id UUID;
CREATE INDEX audit_per_momento ON audit (tenant_id, momento);
CREATE INDEX audit_per_entita ON audit (tenant_id, entita_id);
CREATE INDEX audit_per_utente ON audit (tenant_id, utente_id);

-- Il registro è in sola aggiunta anche per chi scrive SQL a mano (anche TRUNCATE).
CREATE FUNCTION audit_solo_aggiunta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'il registro di audit è in sola aggiunta: % rifiutato', TG_OP;
END;
$$;
CREATE TRIGGER audit_niente_modifiche BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_solo_aggiunta();
CREATE TRIGGER audit_niente_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_solo_aggiunta();
