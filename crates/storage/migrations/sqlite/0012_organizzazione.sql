-- L'organizzazione nel tempo: validità dei CdR, responsabili dei CdR e incarichi delle persone
-- (CdR e ruolo) per periodi dal/al (al NULL = in corso); presenze e part-time per persona e
-- anno (importati dal sistema delle presenze); CdR capofila degli obiettivi condivisi.
--
-- Le date sono 'aaaa-mm-gg' (su PostgreSQL DATE). Ogni riga esistente riceve un periodo che
-- copre tutto il suo ciclo (dal 1° gennaio dell'anno di inizio al 31 dicembre dell'anno di
-- fine): la validità di ogni CdR, l'incarico di ogni persona nel CdR del piano e il
-- responsabile, quando il testo del piano nomina una persona del ciclo.
--
-- I periodi della stessa cosa non si sovrappongono (una persona in un solo CdR alla volta nello
-- stesso ciclo, un responsabile alla volta per CdR): i trigger lo rifiutano.

CREATE TABLE cdr_periodo (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    cdr_id BLOB NOT NULL,
    dal TEXT NOT NULL,
    al TEXT,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (al IS NULL OR al >= dal),
    FOREIGN KEY (tenant_id, cdr_id) REFERENCES unita_organizzativa (tenant_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX cdr_periodo_cdr ON cdr_periodo (tenant_id, cdr_id);

CREATE TABLE cdr_responsabile (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    cdr_id BLOB NOT NULL,
    persona_id BLOB NOT NULL,
    dal TEXT NOT NULL,
    al TEXT,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (al IS NULL OR al >= dal),
    FOREIGN KEY (tenant_id, cdr_id) REFERENCES unita_organizzativa (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, persona_id) REFERENCES persona_ente (tenant_id, id)
) STRICT;
CREATE INDEX cdr_responsabile_cdr ON cdr_responsabile (tenant_id, cdr_id);

CREATE TABLE persona_incarico (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    persona_id BLOB NOT NULL,
    cdr_id BLOB NOT NULL,
    ruolo TEXT,
    dal TEXT NOT NULL,
    al TEXT,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (al IS NULL OR al >= dal),
    FOREIGN KEY (tenant_id, persona_id) REFERENCES persona_ente (tenant_id, id),
    FOREIGN KEY (tenant_id, cdr_id) REFERENCES unita_organizzativa (tenant_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX persona_incarico_persona ON persona_incarico (tenant_id, persona_id);

CREATE TABLE presenza_annua (
    tenant_id BLOB NOT NULL,
    persona_id BLOB NOT NULL,
    anno INTEGER NOT NULL,
    giorni_presenza INTEGER NOT NULL,
    part_time_e4 INTEGER NOT NULL,
    origine TEXT NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, persona_id, anno),
    CHECK (giorni_presenza >= 0 AND giorni_presenza <= 366),
    CHECK (part_time_e4 > 0 AND part_time_e4 <= 1000000),
    FOREIGN KEY (tenant_id, persona_id) REFERENCES persona_ente (tenant_id, id)
) STRICT;

CREATE TABLE obiettivo_capofila (
    tenant_id BLOB NOT NULL,
    obiettivo_id BLOB NOT NULL,
    cdr_id BLOB NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, obiettivo_id),
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, cdr_id) REFERENCES unita_organizzativa (tenant_id, id) ON DELETE CASCADE
) STRICT;

-- I periodi dei dati esistenti: tutto il ciclo.
INSERT INTO cdr_periodo (tenant_id, id, cdr_id, dal, al, aggiornato_da, aggiornato_il)
SELECT u.tenant_id, randomblob(16), u.id, printf('%04d-01-01', c.anno_inizio),
    printf('%04d-12-31', c.anno_fine), 'sistema:migrazione', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM unita_organizzativa u JOIN ciclo c ON c.tenant_id = u.tenant_id AND c.id = u.ciclo_id;

INSERT INTO persona_incarico (tenant_id, id, persona_id, cdr_id, ruolo, dal, al, aggiornato_da,
    aggiornato_il)
SELECT p.tenant_id, randomblob(16), p.persona_id, u.id, COALESCE(p.ruolo, p.qualifica),
    printf('%04d-01-01', c.anno_inizio), printf('%04d-12-31', c.anno_fine), 'sistema:migrazione',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM persona p
JOIN ciclo c ON c.tenant_id = p.tenant_id AND c.id = p.ciclo_id
JOIN unita_organizzativa u ON u.tenant_id = p.tenant_id AND u.ciclo_id = p.ciclo_id
    AND u.codice = p.unita;

INSERT INTO cdr_responsabile (tenant_id, id, cdr_id, persona_id, dal, al, aggiornato_da,
    aggiornato_il)
SELECT tenant_id, randomblob(16), cdr_id, persona_id, dal, al, 'sistema:migrazione',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM (
    SELECT u.tenant_id, u.id AS cdr_id, printf('%04d-01-01', c.anno_inizio) AS dal,
        printf('%04d-12-31', c.anno_fine) AS al,
        (SELECT p.persona_id FROM persona p
         WHERE p.tenant_id = u.tenant_id AND p.ciclo_id = u.ciclo_id
           AND (upper(u.responsabile) = upper(p.cognome_nome)
                OR upper(u.responsabile) LIKE upper(p.cognome_nome) || ' %')
         ORDER BY length(p.cognome_nome) DESC LIMIT 1) AS persona_id
    FROM unita_organizzativa u JOIN ciclo c ON c.tenant_id = u.tenant_id AND c.id = u.ciclo_id
    WHERE u.responsabile IS NOT NULL) AS trovati
WHERE persona_id IS NOT NULL;

-- Niente periodi sovrapposti (una regola per tabella e operazione).
CREATE TRIGGER cdr_periodo_inserimento BEFORE INSERT ON cdr_periodo
WHEN EXISTS (SELECT 1 FROM cdr_periodo x
    WHERE x.tenant_id = NEW.tenant_id AND x.cdr_id = NEW.cdr_id AND x.id <> NEW.id
      AND NEW.dal <= COALESCE(x.al, '9999-12-31') AND x.dal <= COALESCE(NEW.al, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'periodi sovrapposti: la validità di un CdR si sovrappone a un''altra dello stesso CdR');
END;
CREATE TRIGGER cdr_periodo_modifica BEFORE UPDATE ON cdr_periodo
WHEN EXISTS (SELECT 1 FROM cdr_periodo x
    WHERE x.tenant_id = NEW.tenant_id AND x.cdr_id = NEW.cdr_id AND x.id <> NEW.id
      AND NEW.dal <= COALESCE(x.al, '9999-12-31') AND x.dal <= COALESCE(NEW.al, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'periodi sovrapposti: la validità di un CdR si sovrappone a un''altra dello stesso CdR');
END;
CREATE TRIGGER cdr_responsabile_inserimento BEFORE INSERT ON cdr_responsabile
WHEN EXISTS (SELECT 1 FROM cdr_responsabile x
    WHERE x.tenant_id = NEW.tenant_id AND x.cdr_id = NEW.cdr_id AND x.id <> NEW.id
      AND NEW.dal <= COALESCE(x.al, '9999-12-31') AND x.dal <= COALESCE(NEW.al, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'periodi sovrapposti: un CdR ha un solo responsabile alla volta');
END;
CREATE TRIGGER cdr_responsabile_modifica BEFORE UPDATE ON cdr_responsabile
WHEN EXISTS (SELECT 1 FROM cdr_responsabile x
    WHERE x.tenant_id = NEW.tenant_id AND x.cdr_id = NEW.cdr_id AND x.id <> NEW.id
      AND NEW.dal <= COALESCE(x.al, '9999-12-31') AND x.dal <= COALESCE(NEW.al, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'periodi sovrapposti: un CdR ha un solo responsabile alla volta');
END;
CREATE TRIGGER persona_incarico_inserimento BEFORE INSERT ON persona_incarico
WHEN EXISTS (SELECT 1 FROM persona_incarico x
    JOIN unita_organizzativa ux ON ux.tenant_id = x.tenant_id AND ux.id = x.cdr_id
    JOIN unita_organizzativa un ON un.tenant_id = NEW.tenant_id AND un.id = NEW.cdr_id
    WHERE x.tenant_id = NEW.tenant_id AND x.persona_id = NEW.persona_id AND x.id <> NEW.id
      AND ux.ciclo_id = un.ciclo_id
      AND NEW.dal <= COALESCE(x.al, '9999-12-31') AND x.dal <= COALESCE(NEW.al, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'periodi sovrapposti: una persona è in un solo CdR alla volta');
END;
CREATE TRIGGER persona_incarico_modifica BEFORE UPDATE ON persona_incarico
WHEN EXISTS (SELECT 1 FROM persona_incarico x
    JOIN unita_organizzativa ux ON ux.tenant_id = x.tenant_id AND ux.id = x.cdr_id
    JOIN unita_organizzativa un ON un.tenant_id = NEW.tenant_id AND un.id = NEW.cdr_id
    WHERE x.tenant_id = NEW.tenant_id AND x.persona_id = NEW.persona_id AND x.id <> NEW.id
      AND ux.ciclo_id = un.ciclo_id
      AND NEW.dal <= COALESCE(x.al, '9999-12-31') AND x.dal <= COALESCE(NEW.al, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'periodi sovrapposti: una persona è in un solo CdR alla volta');
END;
