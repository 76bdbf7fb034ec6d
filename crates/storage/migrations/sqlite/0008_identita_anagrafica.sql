-- Identità per la vita di CdR, persone, atti, progetti PEG e capitoli; voti, prese visione,
-- assegnazioni e collegamenti dei capitoli legati agli id con chiavi esterne.
--
-- Grana delle identità:
-- - Persona: una identità per ente (persona_ente, chiave (ente, codice)), a cui rimanda la riga
--   della persona in ogni ciclo. Una persona resta sé stessa da un ciclo all'altro (il prossimo
--   passo è la sua storia nel tempo: qualifiche, CdR, part-time per periodo); i dati del ciclo
--   (ruolo, CdR, part-time, presenze) restano nella riga del ciclo.
-- - CdR/UO, atti, progetti PEG: un id per riga del ciclo, tenuto alla reimportazione per codice.
--   Sono definiti dal piano del ciclo (un altro ciclo può riusare un codice per un'altra cosa).
-- - Capitolo: una identità per (ente, esercizio, lato, codice), a cui rimandano le righe di ogni
--   versione del bilancio: le versioni 1 e 2 di un esercizio sono variazioni degli stessi
--   capitoli, mentre i codici si rinumerano da un esercizio all'altro. I collegamenti ai
--   progetti e agli obiettivi erano già per esercizio.
--
-- I fatti (voti, prese visione, assegnazioni, collegamenti) hanno revisione, chi li ha scritti e
-- quando, come quelli del monitoraggio (0007). Chi cancella la persona del ciclo, l'obiettivo,
-- lo step, il progetto o il capitolo cancella anche i suoi fatti (la reimportazione lo elenca e
-- chiede --confirm prima).
--
-- I dati esistenti sono riportati. Le righe che non trovano la loro persona, il loro capitolo o
-- il loro obiettivo (possibili se un piano era stato reimportato senza quella persona) non si
-- perdono: restano in dato_non_collegato, con la riga originale in JSON.

CREATE TABLE dato_non_collegato (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    tabella TEXT NOT NULL,
    dati TEXT NOT NULL,
    migrato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
) STRICT;

-- Persone.
CREATE TABLE persona_ente (
    tenant_id BLOB NOT NULL REFERENCES ente (tenant_id),
    id BLOB NOT NULL,
    codice TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, codice)
) STRICT;
INSERT INTO persona_ente (tenant_id, id, codice)
SELECT tenant_id, randomblob(16), codice
FROM (SELECT DISTINCT tenant_id, codice FROM persona) AS distinte;

CREATE TABLE persona_nuova (
    tenant_id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    persona_id BLOB NOT NULL,
    posizione INTEGER NOT NULL,
    cognome_nome TEXT NOT NULL,
    qualifica TEXT,
    categoria TEXT,
    ruolo TEXT,
    unita TEXT,
    part_time_e4 INTEGER,
    giorni_presenza INTEGER,
    note TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, persona_id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, persona_id) REFERENCES persona_ente (tenant_id, id)
) STRICT;
INSERT INTO persona_nuova (tenant_id, ciclo_id, persona_id, posizione, cognome_nome, qualifica,
    categoria, ruolo, unita, part_time_e4, giorni_presenza, note)
SELECT p.tenant_id, p.ciclo_id, e.id, p.posizione, p.cognome_nome, p.qualifica, p.categoria,
    p.ruolo, p.unita, p.part_time_e4, p.giorni_presenza, p.note
FROM persona p JOIN persona_ente e ON e.tenant_id = p.tenant_id AND e.codice = p.codice;
DROP TABLE persona;
ALTER TABLE persona_nuova RENAME TO persona;

-- CdR / unità organizzative.
CREATE TABLE unita_nuova (
    tenant_id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    id BLOB NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    nome TEXT NOT NULL,
    livello TEXT NOT NULL,
    padre TEXT,
    responsabile TEXT,
    note TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO unita_nuova (tenant_id, ciclo_id, id, posizione, codice, nome, livello, padre,
    responsabile, note)
SELECT tenant_id, ciclo_id, randomblob(16), posizione, codice, nome, livello, padre,
    responsabile, note
FROM unita_organizzativa;
DROP TABLE unita_organizzativa;
ALTER TABLE unita_nuova RENAME TO unita_organizzativa;

-- Atti.
CREATE TABLE atto_nuovo (
    tenant_id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    id BLOB NOT NULL,
    posizione INTEGER NOT NULL,
    codice TEXT NOT NULL,
    tipo TEXT NOT NULL,
    organo TEXT,
    numero TEXT,
    data TEXT,
    oggetto TEXT,
    PRIMARY KEY (tenant_id, ciclo_id, codice),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO atto_nuovo (tenant_id, ciclo_id, id, posizione, codice, tipo, organo, numero, data,
    oggetto)
SELECT tenant_id, ciclo_id, randomblob(16), posizione, codice, tipo, organo, numero, data, oggetto
FROM atto;
DROP TABLE atto;
ALTER TABLE atto_nuovo RENAME TO atto;

-- Progetti PEG: servizi e programmi vi rimandano per codice, quindi la tabella non si ricrea
-- (su SQLite cancellarla cancellerebbe a cascata i figli). L'id nullo predefinito non passa
-- l'indice unico al secondo inserimento senza id.
ALTER TABLE progetto_peg ADD COLUMN id BLOB NOT NULL
    DEFAULT X'00000000000000000000000000000000';
UPDATE progetto_peg SET id = randomblob(16);
CREATE UNIQUE INDEX progetto_peg_id ON progetto_peg (tenant_id, id);

-- Assegnazioni di persone a obiettivi e step.
CREATE TABLE assegnazione_nuova (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    persona_id BLOB NOT NULL,
    obiettivo_id BLOB NOT NULL,
    step_id BLOB,
    posizione INTEGER NOT NULL,
    quota_e4 INTEGER,
    revisione INTEGER NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, ciclo_id, persona_id)
        REFERENCES persona (tenant_id, ciclo_id, persona_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, step_id) REFERENCES step (tenant_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX assegnazione_per_ciclo ON assegnazione_nuova (tenant_id, ciclo_id);
INSERT INTO assegnazione_nuova (tenant_id, id, ciclo_id, persona_id, obiettivo_id, step_id,
    posizione, quota_e4, revisione, aggiornato_da, aggiornato_il)
SELECT a.tenant_id, randomblob(16), a.ciclo_id, pe.id, o.id, s.id, a.posizione, a.quota_e4,
    1, 'sistema:migrazione', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM assegnazione a
JOIN persona_ente pe ON pe.tenant_id = a.tenant_id AND pe.codice = a.persona
JOIN persona p ON p.tenant_id = a.tenant_id AND p.ciclo_id = a.ciclo_id AND p.persona_id = pe.id
JOIN obiettivo o ON o.tenant_id = a.tenant_id AND o.ciclo_id = a.ciclo_id AND o.codice = a.obiettivo
LEFT JOIN step s ON s.tenant_id = a.tenant_id AND s.obiettivo_id = o.id AND s.codice = a.step
WHERE a.step IS NULL OR s.id IS NOT NULL;
INSERT INTO dato_non_collegato (tenant_id, id, tabella, dati, migrato_il)
SELECT a.tenant_id, randomblob(16), 'assegnazione',
    json_object('ciclo_id', lower(hex(a.ciclo_id)), 'posizione', a.posizione, 'persona', a.persona,
        'obiettivo', a.obiettivo, 'step', a.step, 'quota_e4', a.quota_e4),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM assegnazione a
WHERE NOT EXISTS (
    SELECT 1 FROM persona_ente pe
    JOIN persona p ON p.tenant_id = pe.tenant_id AND p.persona_id = pe.id
    JOIN obiettivo o ON o.tenant_id = a.tenant_id AND o.ciclo_id = a.ciclo_id AND o.codice = a.obiettivo
    LEFT JOIN step s ON s.tenant_id = a.tenant_id AND s.obiettivo_id = o.id AND s.codice = a.step
    WHERE pe.tenant_id = a.tenant_id AND pe.codice = a.persona AND p.ciclo_id = a.ciclo_id
      AND (a.step IS NULL OR s.id IS NOT NULL));
DROP TABLE assegnazione;
ALTER TABLE assegnazione_nuova RENAME TO assegnazione;

-- Voti dei comportamenti: della persona nel ciclo (anno_ciclo = anno di inizio del ciclo).
CREATE TABLE voto_nuovo (
    tenant_id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    persona_id BLOB NOT NULL,
    comportamento TEXT NOT NULL,
    voto_e4 INTEGER NOT NULL,
    revisione INTEGER NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, persona_id, comportamento),
    FOREIGN KEY (tenant_id, ciclo_id, persona_id)
        REFERENCES persona (tenant_id, ciclo_id, persona_id) ON DELETE CASCADE
) STRICT;
INSERT INTO voto_nuovo (tenant_id, ciclo_id, persona_id, comportamento, voto_e4, revisione,
    aggiornato_da, aggiornato_il)
SELECT v.tenant_id, c.id, p.persona_id, v.comportamento, v.voto_e4, 1, 'sistema:migrazione',
    v.registrato_il
FROM voto_comportamento v
JOIN ciclo c ON c.tenant_id = v.tenant_id AND c.anno_inizio = v.anno_ciclo
JOIN persona_ente pe ON pe.tenant_id = v.tenant_id AND pe.codice = v.persona
JOIN persona p ON p.tenant_id = v.tenant_id AND p.ciclo_id = c.id AND p.persona_id = pe.id;
INSERT INTO dato_non_collegato (tenant_id, id, tabella, dati, migrato_il)
SELECT v.tenant_id, randomblob(16), 'voto_comportamento',
    json_object('anno_ciclo', v.anno_ciclo, 'persona', v.persona, 'comportamento', v.comportamento,
        'voto_e4', v.voto_e4, 'registrato_il', v.registrato_il),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM voto_comportamento v
WHERE NOT EXISTS (
    SELECT 1 FROM ciclo c
    JOIN persona_ente pe ON pe.tenant_id = c.tenant_id
    JOIN persona p ON p.tenant_id = c.tenant_id AND p.ciclo_id = c.id AND p.persona_id = pe.id
    WHERE c.tenant_id = v.tenant_id AND c.anno_inizio = v.anno_ciclo AND pe.codice = v.persona);
DROP TABLE voto_comportamento;
ALTER TABLE voto_nuovo RENAME TO voto_comportamento;

-- Prese visione della propria scheda.
CREATE TABLE presa_visione_nuova (
    tenant_id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    persona_id BLOB NOT NULL,
    momento TEXT NOT NULL,
    punteggio_e4 INTEGER,
    revisione INTEGER NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, ciclo_id, persona_id),
    FOREIGN KEY (tenant_id, ciclo_id, persona_id)
        REFERENCES persona (tenant_id, ciclo_id, persona_id) ON DELETE CASCADE
) STRICT;
INSERT INTO presa_visione_nuova (tenant_id, ciclo_id, persona_id, momento, punteggio_e4,
    revisione, aggiornato_da, aggiornato_il)
SELECT v.tenant_id, c.id, p.persona_id, v.momento, v.punteggio_e4, 1, 'sistema:migrazione',
    v.momento
FROM presa_visione v
JOIN ciclo c ON c.tenant_id = v.tenant_id AND c.anno_inizio = v.anno_ciclo
JOIN persona_ente pe ON pe.tenant_id = v.tenant_id AND pe.codice = v.persona
JOIN persona p ON p.tenant_id = v.tenant_id AND p.ciclo_id = c.id AND p.persona_id = pe.id;
INSERT INTO dato_non_collegato (tenant_id, id, tabella, dati, migrato_il)
SELECT v.tenant_id, randomblob(16), 'presa_visione',
    json_object('anno_ciclo', v.anno_ciclo, 'persona', v.persona, 'momento', v.momento,
        'punteggio_e4', v.punteggio_e4),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM presa_visione v
WHERE NOT EXISTS (
    SELECT 1 FROM ciclo c
    JOIN persona_ente pe ON pe.tenant_id = c.tenant_id
    JOIN persona p ON p.tenant_id = c.tenant_id AND p.ciclo_id = c.id AND p.persona_id = pe.id
    WHERE c.tenant_id = v.tenant_id AND c.anno_inizio = v.anno_ciclo AND pe.codice = v.persona);
DROP TABLE presa_visione;
ALTER TABLE presa_visione_nuova RENAME TO presa_visione;

-- Capitoli: identità per esercizio, righe per versione.
CREATE TABLE capitolo_identita (
    tenant_id BLOB NOT NULL REFERENCES ente (tenant_id),
    id BLOB NOT NULL,
    esercizio INTEGER NOT NULL,
    lato TEXT NOT NULL,
    codice TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, esercizio, lato, codice)
) STRICT;
INSERT INTO capitolo_identita (tenant_id, id, esercizio, lato, codice)
SELECT tenant_id, randomblob(16), esercizio, lato, codice
FROM (SELECT DISTINCT c.tenant_id, v.esercizio, c.lato, c.codice
      FROM capitolo c
      JOIN bilancio_versione v ON v.tenant_id = c.tenant_id AND v.id = c.versione_id) AS distinti;

CREATE TABLE capitolo_nuovo (
    tenant_id BLOB NOT NULL,
    versione_id BLOB NOT NULL,
    capitolo_id BLOB NOT NULL,
    posizione INTEGER NOT NULL,
    lato TEXT NOT NULL,
    codice TEXT NOT NULL,
    descrizione TEXT NOT NULL,
    uo TEXT NOT NULL,
    titolo TEXT NOT NULL,
    tipologia TEXT,
    missione TEXT,
    programma TEXT,
    anno_precedente_cent INTEGER NOT NULL,
    previsione_cent INTEGER NOT NULL,
    aumento_cent INTEGER NOT NULL,
    diminuzione_cent INTEGER NOT NULL,
    cassa_cent INTEGER NOT NULL,
    impegnato_cent INTEGER NOT NULL,
    fpv_cent INTEGER NOT NULL,
    anno2_cent INTEGER,
    anno3_cent INTEGER,
    PRIMARY KEY (tenant_id, versione_id, lato, codice),
    UNIQUE (tenant_id, versione_id, capitolo_id),
    FOREIGN KEY (tenant_id, versione_id) REFERENCES bilancio_versione (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, capitolo_id) REFERENCES capitolo_identita (tenant_id, id)
) STRICT;
INSERT INTO capitolo_nuovo (tenant_id, versione_id, capitolo_id, posizione, lato, codice,
    descrizione, uo, titolo, tipologia, missione, programma, anno_precedente_cent,
    previsione_cent, aumento_cent, diminuzione_cent, cassa_cent, impegnato_cent, fpv_cent,
    anno2_cent, anno3_cent)
SELECT c.tenant_id, c.versione_id, i.id, c.posizione, c.lato, c.codice, c.descrizione, c.uo,
    c.titolo, c.tipologia, c.missione, c.programma, c.anno_precedente_cent, c.previsione_cent,
    c.aumento_cent, c.diminuzione_cent, c.cassa_cent, c.impegnato_cent, c.fpv_cent,
    c.anno2_cent, c.anno3_cent
FROM capitolo c
JOIN bilancio_versione v ON v.tenant_id = c.tenant_id AND v.id = c.versione_id
JOIN capitolo_identita i ON i.tenant_id = c.tenant_id AND i.esercizio = v.esercizio
    AND i.lato = c.lato AND i.codice = c.codice;
DROP TABLE capitolo;
ALTER TABLE capitolo_nuovo RENAME TO capitolo;

-- Collegamenti capitolo ↔ progetto PEG o obiettivo. Il progetto o l'obiettivo è quello del
-- ciclo che contiene l'esercizio (o, se nessuno lo contiene, dell'ultimo ciclo che ha quel
-- codice): prima il collegamento era per codice, valido per ogni ciclo.
CREATE TABLE collegamento_capitolo (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    capitolo_id BLOB NOT NULL,
    progetto_id BLOB,
    obiettivo_id BLOB,
    revisione INTEGER NOT NULL,
    aggiornato_da TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, capitolo_id, progetto_id),
    UNIQUE (tenant_id, capitolo_id, obiettivo_id),
    CHECK ((progetto_id IS NULL) <> (obiettivo_id IS NULL)),
    FOREIGN KEY (tenant_id, capitolo_id) REFERENCES capitolo_identita (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, progetto_id) REFERENCES progetto_peg (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, obiettivo_id) REFERENCES obiettivo (tenant_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX collegamento_capitolo_progetto ON collegamento_capitolo (tenant_id, progetto_id);
CREATE INDEX collegamento_capitolo_obiettivo ON collegamento_capitolo (tenant_id, obiettivo_id);
CREATE TEMPORARY TABLE collegamento_migrato AS
SELECT l.tenant_id, l.esercizio, l.lato, l.capitolo, l.tipo, l.codice,
    (SELECT i.id FROM capitolo_identita i
     WHERE i.tenant_id = l.tenant_id AND i.esercizio = l.esercizio AND i.lato = l.lato
       AND i.codice = l.capitolo) AS capitolo_id,
    CASE WHEN l.tipo = 'progetto' THEN COALESCE(
        (SELECT g.id FROM progetto_peg g JOIN ciclo c ON c.tenant_id = g.tenant_id AND c.id = g.ciclo_id
             WHERE g.tenant_id = l.tenant_id AND g.codice = l.codice
               AND c.anno_inizio <= l.esercizio AND c.anno_fine >= l.esercizio
             ORDER BY c.anno_inizio DESC LIMIT 1),
        (SELECT g.id FROM progetto_peg g JOIN ciclo c ON c.tenant_id = g.tenant_id AND c.id = g.ciclo_id
             WHERE g.tenant_id = l.tenant_id AND g.codice = l.codice
             ORDER BY c.anno_inizio DESC LIMIT 1))
    END AS progetto_id,
    CASE WHEN l.tipo = 'obiettivo' THEN COALESCE(
        (SELECT o.id FROM obiettivo o JOIN ciclo c ON c.tenant_id = o.tenant_id AND c.id = o.ciclo_id
             WHERE o.tenant_id = l.tenant_id AND o.codice = l.codice
               AND c.anno_inizio <= l.esercizio AND c.anno_fine >= l.esercizio
             ORDER BY c.anno_inizio DESC LIMIT 1),
        (SELECT o.id FROM obiettivo o JOIN ciclo c ON c.tenant_id = o.tenant_id AND c.id = o.ciclo_id
             WHERE o.tenant_id = l.tenant_id AND o.codice = l.codice
             ORDER BY c.anno_inizio DESC LIMIT 1))
    END AS obiettivo_id
FROM capitolo_collegamento l;
INSERT INTO collegamento_capitolo (tenant_id, id, capitolo_id, progetto_id, obiettivo_id,
    revisione, aggiornato_da, aggiornato_il)
SELECT tenant_id, randomblob(16), capitolo_id, progetto_id, obiettivo_id, 1,
    'sistema:migrazione', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM collegamento_migrato
WHERE capitolo_id IS NOT NULL AND (progetto_id IS NOT NULL OR obiettivo_id IS NOT NULL);
INSERT INTO dato_non_collegato (tenant_id, id, tabella, dati, migrato_il)
SELECT tenant_id, randomblob(16), 'capitolo_collegamento',
    json_object('esercizio', esercizio, 'lato', lato, 'capitolo', capitolo, 'tipo', tipo,
        'codice', codice),
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM collegamento_migrato
WHERE capitolo_id IS NULL OR (progetto_id IS NULL AND obiettivo_id IS NULL);
DROP TABLE collegamento_migrato;
DROP TABLE capitolo_collegamento;
