-- L'organizzazione nel tempo: validità dei CdR, responsabili dei CdR e incarichi delle persone
-- (CdR e ruolo) per periodi dal/al (al NULL = in corso); presenze e part-time per persona e
-- anno (importati dal sistema delle presenze); CdR capofila degli obiettivi condivisi.
--
-- Ogni riga esistente riceve un periodo che copre tutto il suo ciclo (dal 1° gennaio dell'anno
-- di inizio al 31 dicembre dell'anno di fine): la validità di ogni CdR, l'incarico di ogni
-- persona nel CdR del piano e il responsabile, quando il testo del piano nomina una persona del
-- ciclo.
--
-- I periodi della stessa cosa non si sovrappongono (una persona in un solo CdR alla volta nello
-- stesso ciclo, un responsabile alla volta per CdR): i trigger lo rifiutano.

CREATE TABLE cdr_periodo (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    cdr_id UUID NOT NULL,
    dal DATE NOT NULL,
    al DATE,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (al IS NULL OR al >= dal),
    FOREIGN KEY (tenant_id, cdr_id) REFERENCES unita_organizzativa (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX cdr_periodo_cdr ON cdr_periodo (tenant_id, cdr_id);

CREATE TABLE cdr_responsabile (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    cdr_id UUID NOT NULL,
    persona_id UUID NOT NULL,
    dal DATE NOT NULL,
    al DATE,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (al IS NULL OR al >= dal),
    FOREIGN KEY (tenant_id, cdr_id) REFERENCES unita_organizzativa (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, persona_id) REFERENCES persona_ente (tenant_id, id)
);
CREATE INDEX cdr_responsabile_cdr ON cdr_responsabile (tenant_id, cdr_id);

CREATE TABLE persona_incarico (
    tenant_id UUID NOT NULL,
    id UUID NOT NULL,
    persona_id UUID NOT NULL,
    cdr_id UUID NOT NULL,
    ruolo TEXT,
    dal DATE NOT NULL,
    al DATE,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (al IS NULL OR al >= dal),
    FOREIGN KEY (tenant_id, persona_id) REFERENCES persona_ente (tenant_id, id),
    FOREIGN KEY (tenant_id, cdr_id) REFERENCES unita_organizzativa (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX persona_incarico_persona ON persona_incarico (tenant_id, persona_id);

CREATE TABLE presenza_annua (
    tenant_id UUID NOT NULL,
    persona_id UUID NOT NULL,
    anno INTEGER NOT NULL,
    giorni_presenza INTEGER NOT NULL,
    part_time_e4 BIGINT NOT NULL,
    origine TEXT NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, persona_id, anno),
    CHECK (giorni_presenza >= 0 AND giorni_presenza <= 366),
    CHECK (part_time_e4 > 0 AND part_time_e4 <= 1000000),
    FOREIGN KEY (tenant_id, persona_id) REFERENCES persona_ente (tenant_id, id)
);

CREATE TABLE obiettivo_capofila (
    tenant_id UUID NOT NULL,
    obiettivo_id UUID NOT NULL,
    cdr_id UUID NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, obiettivo_id),
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, cdr_id) REFERENCES unita_organizzativa (tenant_id, id) ON DELETE CASCADE
);

-- I periodi dei dati esistenti: tutto il ciclo.
INSERT INTO cdr_periodo (tenant_id, id, cdr_id, dal, al, aggiornato_da, aggiornato_il)
SELECT u.tenant_id, gen_random_uuid(), u.id, make_date(c.anno_inizio, 1, 1),
    make_date(c.anno_fine, 12, 31), 'sistema:migrazione', now()
FROM unita_organizzativa u JOIN ciclo c ON c.tenant_id = u.tenant_id AND c.id = u.ciclo_id;

INSERT INTO persona_incarico (tenant_id, id, persona_id, cdr_id, ruolo, dal, al, aggiornato_da,
    aggiornato_il)
SELECT p.tenant_id, gen_random_uuid(), p.persona_id, u.id, COALESCE(p.ruolo, p.qualifica),
    make_date(c.anno_inizio, 1, 1), make_date(c.anno_fine, 12, 31), 'sistema:migrazione', now()
FROM persona p
JOIN ciclo c ON c.tenant_id = p.tenant_id AND c.id = p.ciclo_id
JOIN unita_organizzativa u ON u.tenant_id = p.tenant_id AND u.ciclo_id = p.ciclo_id
    AND u.codice = p.unita;

INSERT INTO cdr_responsabile (tenant_id, id, cdr_id, persona_id, dal, al, aggiornato_da,
    aggiornato_il)
SELECT tenant_id, gen_random_uuid(), cdr_id, persona_id, dal, al, 'sistema:migrazione', now()
FROM (
    SELECT u.tenant_id, u.id AS cdr_id, make_date(c.anno_inizio, 1, 1) AS dal,
        make_date(c.anno_fine, 12, 31) AS al,
        (SELECT p.persona_id FROM persona p
         WHERE p.tenant_id = u.tenant_id AND p.ciclo_id = u.ciclo_id
           AND (upper(u.responsabile) = upper(p.cognome_nome)
                OR upper(u.responsabile) LIKE upper(p.cognome_nome) || ' %')
         ORDER BY length(p.cognome_nome) DESC LIMIT 1) AS persona_id
    FROM unita_organizzativa u JOIN ciclo c ON c.tenant_id = u.tenant_id AND c.id = u.ciclo_id
    WHERE u.responsabile IS NOT NULL) AS trovati
WHERE persona_id IS NOT NULL;

-- Niente periodi sovrapposti.
CREATE FUNCTION cdr_periodo_senza_sovrapposizioni() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cdr_periodo x
        WHERE x.tenant_id = NEW.tenant_id AND x.cdr_id = NEW.cdr_id AND x.id <> NEW.id
          AND NEW.dal <= COALESCE(x.al, DATE '9999-12-31')
          AND x.dal <= COALESCE(NEW.al, DATE '9999-12-31')) THEN
        RAISE EXCEPTION 'periodi sovrapposti: la validità di un CdR si sovrappone a un''altra dello stesso CdR';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER cdr_periodo_sovrapposizioni BEFORE INSERT OR UPDATE ON cdr_periodo
    FOR EACH ROW EXECUTE FUNCTION cdr_periodo_senza_sovrapposizioni();

CREATE FUNCTION cdr_responsabile_senza_sovrapposizioni() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM cdr_responsabile x
        WHERE x.tenant_id = NEW.tenant_id AND x.cdr_id = NEW.cdr_id AND x.id <> NEW.id
          AND NEW.dal <= COALESCE(x.al, DATE '9999-12-31')
          AND x.dal <= COALESCE(NEW.al, DATE '9999-12-31')) THEN
        RAISE EXCEPTION 'periodi sovrapposti: un CdR ha un solo responsabile alla volta';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER cdr_responsabile_sovrapposizioni BEFORE INSERT OR UPDATE ON cdr_responsabile
    FOR EACH ROW EXECUTE FUNCTION cdr_responsabile_senza_sovrapposizioni();

CREATE FUNCTION persona_incarico_senza_sovrapposizioni() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM persona_incarico x
        JOIN unita_organizzativa ux ON ux.tenant_id = x.tenant_id AND ux.id = x.cdr_id
        JOIN unita_organizzativa un ON un.tenant_id = NEW.tenant_id AND un.id = NEW.cdr_id
        WHERE x.tenant_id = NEW.tenant_id AND x.persona_id = NEW.persona_id AND x.id <> NEW.id
          AND ux.ciclo_id = un.ciclo_id
          AND NEW.dal <= COALESCE(x.al, DATE '9999-12-31')
          AND x.dal <= COALESCE(NEW.al, DATE '9999-12-31')) THEN
        RAISE EXCEPTION 'periodi sovrapposti: una persona è in un solo CdR alla volta';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER persona_incarico_sovrapposizioni BEFORE INSERT OR UPDATE ON persona_incarico
    FOR EACH ROW EXECUTE FUNCTION persona_incarico_senza_sovrapposizioni();
