-- Versioni del piano approvate con un atto (issue 8, punto 1).
--
-- Ogni ciclo ha le sue versioni del piano, numerate da 1: bozza → (proposta) → approvata. La
-- versione di testa (numero più alto) è quella delle tabelle di lavoro (obiettivi, step,
-- indicatori, struttura, assegnazioni, collegamenti dei capitoli). Quando la testa è approvata
-- quelle righe sono congelate: i trigger qui sotto rifiutano INSERT, UPDATE e DELETE su ognuna
-- delle tabelle versionate; una variazione (`plan vary`) apre la versione N+1 in bozza e le
-- rende di nuovo scrivibili. Le versioni approvate tengono il loro contenuto in JSON
-- (`contenuto`: il file del piano con gli id e i collegamenti dei capitoli), non si modificano
-- né si cancellano; si correggono solo con un'errata corrige (tabella a sola aggiunta).
-- Non sono versionati: il ciclo (il suo contatore revisione_dati), persone e CdR, gli atti, i
-- fatti del monitoraggio e della valutazione.


CREATE TABLE piano_versione (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ciclo_id BLOB NOT NULL,
    numero INTEGER NOT NULL CHECK (numero >= 1),
    stato TEXT NOT NULL CHECK (stato IN ('bozza', 'proposta', 'approvata')),
    atto_id BLOB,
    approvata_il TEXT,
    approvata_da TEXT,
    -- Avvertenze della verifica al momento dell'approvazione (JSON: elenco di rilievi).
    avvertenze TEXT,
    -- Motivo scritto della forzatura degli errori della verifica, se c'è stata.
    forzatura_motivo TEXT,
    -- Il contenuto approvato (JSON): {"piano": <file del piano con gli id>, "collegamenti_capitoli": […]}.
    contenuto TEXT,
    creata_il TEXT NOT NULL,
    creata_da TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, ciclo_id, numero),
    FOREIGN KEY (tenant_id, ciclo_id) REFERENCES ciclo (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, atto_id) REFERENCES atto (tenant_id, id),
    CHECK (stato <> 'approvata' OR (atto_id IS NOT NULL AND contenuto IS NOT NULL AND approvata_il IS NOT NULL))
) STRICT;

INSERT INTO piano_versione (tenant_id, id, ciclo_id, numero, stato, creata_il, creata_da)
SELECT tenant_id, randomblob(16), id, 1, 'bozza', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'sistema:migrazione'
FROM ciclo;

-- Errata corrige di una versione approvata: motivo, testo, autore, data. Solo aggiunte.
CREATE TABLE errata_corrige (
    tenant_id BLOB NOT NULL,
    id BLOB NOT NULL,
    versione_id BLOB NOT NULL,
    motivo TEXT NOT NULL CHECK (length(trim(motivo)) > 0),
    testo TEXT,
    autore TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, versione_id) REFERENCES piano_versione (tenant_id, id)
) STRICT;
CREATE INDEX errata_corrige_versione ON errata_corrige (tenant_id, versione_id);

-- I cicli la cui versione di testa è approvata.
CREATE VIEW ciclo_congelato AS
SELECT v.tenant_id, v.ciclo_id, v.numero
FROM piano_versione v
WHERE v.stato = 'approvata'
  AND v.numero = (SELECT MAX(w.numero) FROM piano_versione w
                  WHERE w.tenant_id = v.tenant_id AND w.ciclo_id = v.ciclo_id);

CREATE TRIGGER piano_versione_approvata_update BEFORE UPDATE ON piano_versione
WHEN OLD.stato = 'approvata'
BEGIN SELECT RAISE(ABORT, 'una versione approvata del piano non si modifica: si corregge con un''errata corrige (`plan errata`)'); END;
CREATE TRIGGER piano_versione_approvata_delete BEFORE DELETE ON piano_versione
WHEN OLD.stato = 'approvata'
BEGIN SELECT RAISE(ABORT, 'una versione approvata del piano non si cancella'); END;
CREATE TRIGGER errata_corrige_niente_update BEFORE UPDATE ON errata_corrige
BEGIN SELECT RAISE(ABORT, 'un''errata corrige non si modifica: se ne aggiunge un''altra'); END;
CREATE TRIGGER errata_corrige_niente_delete BEFORE DELETE ON errata_corrige
BEGIN SELECT RAISE(ABORT, 'un''errata corrige non si cancella'); END;
CREATE TRIGGER errata_corrige_solo_approvata BEFORE INSERT ON errata_corrige
WHEN NOT EXISTS (SELECT 1 FROM piano_versione v WHERE v.tenant_id = NEW.tenant_id AND v.id = NEW.versione_id AND v.stato = 'approvata')
BEGIN SELECT RAISE(ABORT, 'l''errata corrige si scrive solo su una versione approvata del piano'); END;

-- Le tabelle versionate: nessuna scrittura sulle righe di un ciclo congelato.

CREATE TRIGGER area_strategica_congelato_insert BEFORE INSERT ON area_strategica
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER area_strategica_congelato_update BEFORE UPDATE ON area_strategica
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER area_strategica_congelato_delete BEFORE DELETE ON area_strategica
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_strategico_congelato_insert BEFORE INSERT ON obiettivo_strategico
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_strategico_congelato_update BEFORE UPDATE ON obiettivo_strategico
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_strategico_congelato_delete BEFORE DELETE ON obiettivo_strategico
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_operativo_congelato_insert BEFORE INSERT ON obiettivo_operativo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_operativo_congelato_update BEFORE UPDATE ON obiettivo_operativo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_operativo_congelato_delete BEFORE DELETE ON obiettivo_operativo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER programma_ciclo_congelato_insert BEFORE INSERT ON programma_ciclo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER programma_ciclo_congelato_update BEFORE UPDATE ON programma_ciclo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER programma_ciclo_congelato_delete BEFORE DELETE ON programma_ciclo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER progetto_peg_congelato_insert BEFORE INSERT ON progetto_peg
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER progetto_peg_congelato_update BEFORE UPDATE ON progetto_peg
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER progetto_peg_congelato_delete BEFORE DELETE ON progetto_peg
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER progetto_programma_congelato_insert BEFORE INSERT ON progetto_programma
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER progetto_programma_congelato_update BEFORE UPDATE ON progetto_programma
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER progetto_programma_congelato_delete BEFORE DELETE ON progetto_programma
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER servizio_congelato_insert BEFORE INSERT ON servizio
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER servizio_congelato_update BEFORE UPDATE ON servizio
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER servizio_congelato_delete BEFORE DELETE ON servizio
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_congelato_insert BEFORE INSERT ON obiettivo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_congelato_update BEFORE UPDATE ON obiettivo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_congelato_delete BEFORE DELETE ON obiettivo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_collegamento_congelato_insert BEFORE INSERT ON obiettivo_collegamento
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_collegamento_congelato_update BEFORE UPDATE ON obiettivo_collegamento
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id))
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_collegamento_congelato_delete BEFORE DELETE ON obiettivo_collegamento
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER step_congelato_insert BEFORE INSERT ON step
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER step_congelato_update BEFORE UPDATE ON step
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id))
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER step_congelato_delete BEFORE DELETE ON step
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER step_revisione_scadenza_congelato_insert BEFORE INSERT ON step_revisione_scadenza
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM step s JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id WHERE s.tenant_id = NEW.tenant_id AND s.id = NEW.step_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER step_revisione_scadenza_congelato_update BEFORE UPDATE ON step_revisione_scadenza
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM step s JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id WHERE s.tenant_id = OLD.tenant_id AND s.id = OLD.step_id))
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM step s JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id WHERE s.tenant_id = NEW.tenant_id AND s.id = NEW.step_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER step_revisione_scadenza_congelato_delete BEFORE DELETE ON step_revisione_scadenza
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM step s JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id WHERE s.tenant_id = OLD.tenant_id AND s.id = OLD.step_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER indicatore_congelato_insert BEFORE INSERT ON indicatore
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER indicatore_congelato_update BEFORE UPDATE ON indicatore
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id))
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER indicatore_congelato_delete BEFORE DELETE ON indicatore
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER assegnazione_congelato_insert BEFORE INSERT ON assegnazione
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER assegnazione_congelato_update BEFORE UPDATE ON assegnazione
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = NEW.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER assegnazione_congelato_delete BEFORE DELETE ON assegnazione
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = OLD.ciclo_id)
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER collegamento_capitolo_congelato_insert BEFORE INSERT ON collegamento_capitolo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = COALESCE((SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id), (SELECT g.ciclo_id FROM progetto_peg g WHERE g.tenant_id = NEW.tenant_id AND g.id = NEW.progetto_id)))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER collegamento_capitolo_congelato_update BEFORE UPDATE ON collegamento_capitolo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = COALESCE((SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id), (SELECT g.ciclo_id FROM progetto_peg g WHERE g.tenant_id = OLD.tenant_id AND g.id = OLD.progetto_id)))
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = COALESCE((SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id), (SELECT g.ciclo_id FROM progetto_peg g WHERE g.tenant_id = NEW.tenant_id AND g.id = NEW.progetto_id)))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER collegamento_capitolo_congelato_delete BEFORE DELETE ON collegamento_capitolo
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = COALESCE((SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id), (SELECT g.ciclo_id FROM progetto_peg g WHERE g.tenant_id = OLD.tenant_id AND g.id = OLD.progetto_id)))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;
