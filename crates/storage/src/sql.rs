//! Il testo SQL, uno solo per SQLite e PostgreSQL (`$n`, `ON CONFLICT`, niente funzioni di data
//! del database). Ogni query su dati di un ente filtra per `tenant_id`.

pub const ENTE_INSERISCI: &str =
    "INSERT INTO ente (tenant_id, codice, nome, creato_il) VALUES ($1, $2, $3, $4)";
pub const ENTE_PER_CODICE: &str =
    "SELECT tenant_id, codice, nome, denominazione_estesa, note FROM ente WHERE codice = $1";
pub const ENTE_PER_ID: &str =
    "SELECT tenant_id, codice, nome, denominazione_estesa, note FROM ente WHERE tenant_id = $1";
pub const ENTI: &str =
    "SELECT tenant_id, codice, nome, denominazione_estesa, note FROM ente ORDER BY codice";
pub const ENTE_AGGIORNA: &str =
    "UPDATE ente SET nome = $2, denominazione_estesa = $3, note = $4 WHERE tenant_id = $1";

pub const AUDIT_INSERISCI: &str = "INSERT INTO audit (tenant_id, id, momento, attore, azione, oggetto, prima, dopo, entita_id, utente_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
pub const AUDIT_ELENCO: &str = "SELECT momento, attore, azione, oggetto, prima, dopo FROM audit WHERE tenant_id = $1 ORDER BY momento, id";

// Il ciclo si aggiorna sul posto: il suo id, e quello di tutto ciò che contiene, restano.
pub const CICLO_SALVA: &str = "INSERT INTO ciclo (tenant_id, id, anno_inizio, anno_fine, anno_riferimento, titolo, totale_punti_e4, aggiornato_il) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (tenant_id, id) DO UPDATE SET anno_fine = excluded.anno_fine, anno_riferimento = excluded.anno_riferimento, titolo = excluded.titolo, \
     totale_punti_e4 = excluded.totale_punti_e4, aggiornato_il = excluded.aggiornato_il, revisione_dati = ciclo.revisione_dati + 1";
pub const CICLO_ANNO_RIFERIMENTO: &str = "SELECT COALESCE(anno_riferimento, anno_inizio) AS anno FROM ciclo WHERE tenant_id = $1 AND id = $2";
pub const CICLO_TOCCA: &str = "UPDATE ciclo SET revisione_dati = revisione_dati + 1, aggiornato_il = $3 WHERE tenant_id = $1 AND id = $2";
/// Regole, voti e prese visione sono legati all'anno del ciclo: anche loro ne cambiano i dati.
pub const CICLO_TOCCA_ANNO: &str = "UPDATE ciclo SET revisione_dati = revisione_dati + 1 WHERE tenant_id = $1 AND anno_inizio = $2";
pub const CICLO_REVISIONE_DATI: &str =
    "SELECT revisione_dati FROM ciclo WHERE tenant_id = $1 AND anno_inizio = $2";
/// Righe del ciclo senza identità propria: si riscrivono a ogni salvataggio del piano. CdR,
/// persone, progetti PEG, atti e assegnazioni hanno un id e si aggiornano sul posto.
pub const CICLO_RIGHE_CANCELLA: [&str; 9] = [
    "DELETE FROM area_strategica WHERE tenant_id = $1 AND ciclo_id = $2",
    "DELETE FROM obiettivo_strategico WHERE tenant_id = $1 AND ciclo_id = $2",
    "DELETE FROM programma_ciclo WHERE tenant_id = $1 AND ciclo_id = $2",
    "DELETE FROM progetto_programma WHERE tenant_id = $1 AND ciclo_id = $2",
    "DELETE FROM servizio WHERE tenant_id = $1 AND ciclo_id = $2",
    "DELETE FROM formazione WHERE tenant_id = $1 AND ciclo_id = $2",
    "DELETE FROM nota_trascrizione WHERE tenant_id = $1 AND ciclo_id = $2",
    "DELETE FROM indicatore_finanziario WHERE tenant_id = $1 AND ciclo_id = $2",
    "DELETE FROM esecuzione_bilancio WHERE tenant_id = $1 AND ciclo_id = $2",
];
pub const CICLO_PER_ANNO: &str = "SELECT id, anno_inizio, anno_fine, anno_riferimento, titolo, totale_punti_e4 FROM ciclo WHERE tenant_id = $1 AND anno_inizio = $2";
pub const CICLI: &str = "SELECT c.anno_inizio, c.anno_fine, c.titolo, \
     (SELECT COUNT(*) FROM obiettivo o WHERE o.tenant_id = c.tenant_id AND o.ciclo_id = c.id) AS obiettivi, \
     c.aggiornato_il FROM ciclo c WHERE c.tenant_id = $1 ORDER BY c.anno_inizio";

// CdR, atti e progetti PEG: riconosciuti per codice nel ciclo, tengono l'id ($3, usato solo
// per una riga nuova).
pub const UNITA_SALVA: &str = "INSERT INTO unita_organizzativa (tenant_id, ciclo_id, id, posizione, codice, nome, livello, padre, responsabile, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (tenant_id, ciclo_id, codice) DO UPDATE SET posizione = excluded.posizione, nome = excluded.nome, livello = excluded.livello, \
     padre = excluded.padre, responsabile = excluded.responsabile, note = excluded.note";
pub const UNITA_CODICI: &str =
    "SELECT codice FROM unita_organizzativa WHERE tenant_id = $1 AND ciclo_id = $2";
pub const UNITA_CANCELLA: &str =
    "DELETE FROM unita_organizzativa WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = $3";
pub const UNITA: &str = "SELECT codice, nome, livello, padre, responsabile, note FROM unita_organizzativa WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const UNITA_ID: &str = "SELECT codice, id FROM unita_organizzativa WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

// Persone: l'identità è dell'ente (per codice), la riga del ciclo vi rimanda.
pub const PERSONA_ENTE_INSERISCI: &str = "INSERT INTO persona_ente (tenant_id, id, codice) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, codice) DO NOTHING";
pub const PERSONA_ENTE_ID: &str =
    "SELECT id FROM persona_ente WHERE tenant_id = $1 AND codice = $2";
pub const PERSONA_SALVA: &str = "INSERT INTO persona (tenant_id, ciclo_id, persona_id, posizione, cognome_nome, qualifica, categoria, ruolo, unita, part_time_e4, giorni_presenza, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
     ON CONFLICT (tenant_id, ciclo_id, persona_id) DO UPDATE SET posizione = excluded.posizione, cognome_nome = excluded.cognome_nome, qualifica = excluded.qualifica, \
     categoria = excluded.categoria, ruolo = excluded.ruolo, unita = excluded.unita, part_time_e4 = excluded.part_time_e4, giorni_presenza = excluded.giorni_presenza, note = excluded.note";
pub const PERSONE_ID: &str =
    "SELECT persona_id AS id FROM persona WHERE tenant_id = $1 AND ciclo_id = $2";
pub const PERSONA_CANCELLA: &str =
    "DELETE FROM persona WHERE tenant_id = $1 AND ciclo_id = $2 AND persona_id = $3";
pub const PERSONE: &str = "SELECT e.codice, p.cognome_nome, p.qualifica, p.categoria, p.ruolo, p.unita, p.part_time_e4, p.giorni_presenza, p.note \
     FROM persona p JOIN persona_ente e ON e.tenant_id = p.tenant_id AND e.id = p.persona_id WHERE p.tenant_id = $1 AND p.ciclo_id = $2 ORDER BY p.posizione";
pub const PERSONE_CODICE_ID: &str = "SELECT e.codice, e.id FROM persona p JOIN persona_ente e ON e.tenant_id = p.tenant_id AND e.id = p.persona_id \
     WHERE p.tenant_id = $1 AND p.ciclo_id = $2 ORDER BY p.posizione";

pub const AREA_INSERISCI: &str = "INSERT INTO area_strategica (tenant_id, ciclo_id, posizione, codice, nome) VALUES ($1, $2, $3, $4, $5)";
pub const AREE: &str = "SELECT codice, nome FROM area_strategica WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const STRATEGICO_INSERISCI: &str = "INSERT INTO obiettivo_strategico (tenant_id, ciclo_id, posizione, codice, testo, area) VALUES ($1, $2, $3, $4, $5, $6)";
pub const STRATEGICI: &str = "SELECT codice, testo, area FROM obiettivo_strategico WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const OPERATIVO_INSERISCI: &str = "INSERT INTO obiettivo_operativo (tenant_id, ciclo_id, strategico, posizione, codice, testo) VALUES ($1, $2, $3, $4, $5, $6)";
pub const OPERATIVI: &str = "SELECT strategico, codice, testo FROM obiettivo_operativo WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const PROGRAMMA_CICLO_INSERISCI: &str = "INSERT INTO programma_ciclo (tenant_id, ciclo_id, posizione, programma) VALUES ($1, $2, $3, $4)";
pub const PROGRAMMI_CICLO: &str = "SELECT programma FROM programma_ciclo WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const PROGETTO_SALVA: &str = "INSERT INTO progetto_peg (tenant_id, ciclo_id, id, posizione, codice, nome, area_strategica, unita, obiettivo_operativo, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (tenant_id, ciclo_id, codice) DO UPDATE SET posizione = excluded.posizione, nome = excluded.nome, area_strategica = excluded.area_strategica, \
     unita = excluded.unita, obiettivo_operativo = excluded.obiettivo_operativo, note = excluded.note";
pub const PROGETTI_CODICI: &str =
    "SELECT codice FROM progetto_peg WHERE tenant_id = $1 AND ciclo_id = $2";
pub const PROGETTO_CANCELLA: &str =
    "DELETE FROM progetto_peg WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = $3";
pub const PROGETTI_ID: &str =
    "SELECT codice, id FROM progetto_peg WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const PROGETTI: &str = "SELECT codice, nome, area_strategica, unita, obiettivo_operativo, note FROM progetto_peg WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const PROGETTO_PROGRAMMA_INSERISCI: &str = "INSERT INTO progetto_programma (tenant_id, ciclo_id, progetto, posizione, programma) VALUES ($1, $2, $3, $4, $5)";
pub const PROGETTO_PROGRAMMI: &str = "SELECT progetto, programma FROM progetto_programma WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY progetto, posizione";
pub const SERVIZIO_INSERISCI: &str = "INSERT INTO servizio (tenant_id, ciclo_id, progetto, posizione, codice, nome) VALUES ($1, $2, $3, $4, $5, $6)";
pub const SERVIZI: &str = "SELECT progetto, codice, nome FROM servizio WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY progetto, posizione";

pub const OBIETTIVO_SALVA: &str = "INSERT INTO obiettivo (tenant_id, ciclo_id, id, posizione, codice, tipo, titolo, primo_anno, peso_e4, punti_e4, rilevanza_anticorruzione, operatori_coinvolti, costi, testi, note, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $17) \
     ON CONFLICT (tenant_id, id) DO UPDATE SET posizione = excluded.posizione, codice = excluded.codice, tipo = excluded.tipo, titolo = excluded.titolo, \
     primo_anno = excluded.primo_anno, peso_e4 = excluded.peso_e4, punti_e4 = excluded.punti_e4, rilevanza_anticorruzione = excluded.rilevanza_anticorruzione, \
     operatori_coinvolti = excluded.operatori_coinvolti, costi = excluded.costi, testi = excluded.testi, note = excluded.note, \
     revisione = obiettivo.revisione + 1, aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";
/// Concorrenza ottimistica: la modifica passa solo se la revisione è quella vista da chi scrive.
pub const OBIETTIVO_PRENOTA: &str = "UPDATE obiettivo SET revisione = revisione + 1 WHERE tenant_id = $1 AND id = $2 AND revisione = $3";
pub const OBIETTIVO_ULTIMA_MODIFICA: &str = "SELECT revisione, aggiornato_da, aggiornato_il FROM obiettivo WHERE tenant_id = $1 AND id = $2";
pub const OBIETTIVI_ORDINE: &str =
    "SELECT id, posizione FROM obiettivo WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const OBIETTIVO_POSIZIONE: &str =
    "UPDATE obiettivo SET posizione = $3 WHERE tenant_id = $1 AND id = $2";
pub const OBIETTIVI_ID: &str = "SELECT id FROM obiettivo WHERE tenant_id = $1 AND ciclo_id = $2";
pub const OBIETTIVO_CANCELLA: &str = "DELETE FROM obiettivo WHERE tenant_id = $1 AND id = $2";
pub const OBIETTIVI_PARCHEGGIA: &str =
    "UPDATE obiettivo SET posizione = -1 - posizione WHERE tenant_id = $1 AND ciclo_id = $2";
pub const COLLEGAMENTI_CANCELLA: &str =
    "DELETE FROM obiettivo_collegamento WHERE tenant_id = $1 AND obiettivo_id = $2";
pub const OBIETTIVI: &str = "SELECT id, revisione, codice, tipo, titolo, primo_anno, peso_e4, punti_e4, rilevanza_anticorruzione, operatori_coinvolti, costi, testi, note FROM obiettivo WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const COLLEGAMENTO_INSERISCI: &str = "INSERT INTO obiettivo_collegamento (tenant_id, obiettivo_id, tipo, posizione, codice, dettaglio) VALUES ($1, $2, $3, $4, $5, $6)";
pub const COLLEGAMENTI: &str = "SELECT l.obiettivo_id, l.tipo, l.codice, l.dettaglio FROM obiettivo_collegamento l \
     JOIN obiettivo o ON o.tenant_id = l.tenant_id AND o.id = l.obiettivo_id \
     WHERE l.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY l.tipo, l.posizione";

pub const STEP_SALVA: &str = "INSERT INTO step (tenant_id, obiettivo_id, id, posizione, codice, descrizione, scadenza_testo, scadenza_tipo, scadenza_data, indicatore, peso_e4, ie, figure_coinvolte, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
     ON CONFLICT (tenant_id, id) DO UPDATE SET obiettivo_id = excluded.obiettivo_id, posizione = excluded.posizione, codice = excluded.codice, descrizione = excluded.descrizione, \
     scadenza_testo = excluded.scadenza_testo, scadenza_tipo = excluded.scadenza_tipo, scadenza_data = excluded.scadenza_data, indicatore = excluded.indicatore, \
     peso_e4 = excluded.peso_e4, ie = excluded.ie, figure_coinvolte = excluded.figure_coinvolte, note = excluded.note";
pub const STEPS_ID: &str = "SELECT id FROM step WHERE tenant_id = $1 AND obiettivo_id = $2";
pub const STEP_CANCELLA: &str = "DELETE FROM step WHERE tenant_id = $1 AND id = $2";
pub const STEPS_PARCHEGGIA: &str =
    "UPDATE step SET posizione = -1 - posizione WHERE tenant_id = $1 AND obiettivo_id = $2";
pub const REVISIONI_CANCELLA: &str =
    "DELETE FROM step_revisione_scadenza WHERE tenant_id = $1 AND step_id = $2";
pub const STEPS: &str = "SELECT s.obiettivo_id, s.id, s.codice, s.descrizione, s.scadenza_testo, s.indicatore, s.peso_e4, s.ie, s.figure_coinvolte, s.note \
     FROM step s JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id \
     WHERE s.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY o.posizione, s.posizione";
pub const REVISIONE_INSERISCI: &str = "INSERT INTO step_revisione_scadenza (tenant_id, step_id, posizione, scadenza_testo, scadenza_data, motivo, atto, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
pub const REVISIONI: &str = "SELECT r.step_id, r.scadenza_testo, r.motivo, r.atto, r.data FROM step_revisione_scadenza r \
     JOIN step s ON s.tenant_id = r.tenant_id AND s.id = r.step_id \
     JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id \
     WHERE r.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY r.posizione";

pub const INDICATORE_SALVA: &str = "INSERT INTO indicatore (tenant_id, obiettivo_id, id, posizione, codice, nome, descrizione, dimensione, unita_misura, polarita, baseline, target_testo, target_tipo, fonte, step, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
     ON CONFLICT (tenant_id, id) DO UPDATE SET obiettivo_id = excluded.obiettivo_id, posizione = excluded.posizione, codice = excluded.codice, nome = excluded.nome, \
     descrizione = excluded.descrizione, dimensione = excluded.dimensione, unita_misura = excluded.unita_misura, polarita = excluded.polarita, baseline = excluded.baseline, \
     target_testo = excluded.target_testo, target_tipo = excluded.target_tipo, fonte = excluded.fonte, step = excluded.step, note = excluded.note";
pub const INDICATORI_ID: &str =
    "SELECT id FROM indicatore WHERE tenant_id = $1 AND obiettivo_id = $2";
pub const INDICATORE_CANCELLA: &str = "DELETE FROM indicatore WHERE tenant_id = $1 AND id = $2";
pub const INDICATORI_PARCHEGGIA: &str =
    "UPDATE indicatore SET posizione = -1 - posizione WHERE tenant_id = $1 AND obiettivo_id = $2";
pub const INDICATORI: &str = "SELECT i.obiettivo_id, i.id, i.codice, i.nome, i.descrizione, i.dimensione, i.unita_misura, i.polarita, i.baseline, i.target_testo, i.fonte, i.step, i.note \
     FROM indicatore i JOIN obiettivo o ON o.tenant_id = i.tenant_id AND o.id = i.obiettivo_id \
     WHERE i.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY o.posizione, i.posizione";

pub const ATTO_SALVA: &str = "INSERT INTO atto (tenant_id, ciclo_id, id, posizione, codice, tipo, organo, numero, data, oggetto) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (tenant_id, ciclo_id, codice) DO UPDATE SET posizione = excluded.posizione, tipo = excluded.tipo, organo = excluded.organo, \
     numero = excluded.numero, data = excluded.data, oggetto = excluded.oggetto";
pub const ATTI_CODICI: &str = "SELECT codice FROM atto WHERE tenant_id = $1 AND ciclo_id = $2";
/// Un atto che ha approvato una versione del piano resta anche se il file non lo riporta più.
/// Un atto tolto dal file del piano si cancella, a meno che non sia citato altrove: l'atto che
/// ha approvato una versione, deciso una dilazione, approvato la Relazione o deciso la
/// valutazione del direttore resta (è un'entità, non una riga del file).
pub const ATTO_CANCELLA: &str = "DELETE FROM atto WHERE tenant_id = $1 AND ciclo_id = $2 AND codice = $3 \
     AND NOT EXISTS (SELECT 1 FROM piano_versione v WHERE v.tenant_id = atto.tenant_id AND v.atto_id = atto.id) \
     AND NOT EXISTS (SELECT 1 FROM dilazione d WHERE d.tenant_id = atto.tenant_id AND d.atto_id = atto.id) \
     AND NOT EXISTS (SELECT 1 FROM relazione_performance r WHERE r.tenant_id = atto.tenant_id AND r.atto_approvazione_id = atto.id) \
     AND NOT EXISTS (SELECT 1 FROM oiv_proposta_direttore p WHERE p.tenant_id = atto.tenant_id AND p.decisione_atto_id = atto.id)";
pub const ATTI_ID: &str =
    "SELECT codice, id FROM atto WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const ATTI: &str = "SELECT codice, tipo, organo, numero, data, oggetto FROM atto WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

// Assegnazioni: persona, obiettivo e step per id.
pub const ASSEGNAZIONE_SALVA: &str = "INSERT INTO assegnazione (tenant_id, id, ciclo_id, persona_id, obiettivo_id, step_id, posizione, quota_e4, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) \
     ON CONFLICT (tenant_id, id) DO UPDATE SET posizione = excluded.posizione, quota_e4 = excluded.quota_e4, \
     revisione = assegnazione.revisione + 1, aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";
pub const ASSEGNAZIONE_INSERISCI: &str = "INSERT INTO assegnazione (tenant_id, id, ciclo_id, persona_id, obiettivo_id, step_id, posizione, quota_e4, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(posizione), -1) + 1 FROM assegnazione WHERE tenant_id = $1 AND ciclo_id = $3), $7, 1, $8, $9)";
pub const ASSEGNAZIONE_AGGIORNA: &str = "UPDATE assegnazione SET quota_e4 = $4, revisione = revisione + 1, aggiornato_da = $5, aggiornato_il = $6 \
     WHERE tenant_id = $1 AND id = $2 AND revisione = $3";
pub const ASSEGNAZIONE_RIMUOVI: &str =
    "DELETE FROM assegnazione WHERE tenant_id = $1 AND id = $2 AND revisione = $3";
pub const ASSEGNAZIONE_ULTIMA_MODIFICA: &str = "SELECT revisione, aggiornato_da, aggiornato_il FROM assegnazione WHERE tenant_id = $1 AND id = $2";
pub const ASSEGNAZIONE_CANCELLA: &str = "DELETE FROM assegnazione WHERE tenant_id = $1 AND id = $2";
pub const ASSEGNAZIONI_ID: &str = "SELECT id, persona_id, obiettivo_id, step_id, quota_e4, revisione FROM assegnazione WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const ASSEGNAZIONI: &str = "SELECT e.codice AS persona, o.codice AS obiettivo, s.codice AS step, a.quota_e4 FROM assegnazione a \
     JOIN persona_ente e ON e.tenant_id = a.tenant_id AND e.id = a.persona_id \
     JOIN obiettivo o ON o.tenant_id = a.tenant_id AND o.id = a.obiettivo_id \
     LEFT JOIN step s ON s.tenant_id = a.tenant_id AND s.id = a.step_id \
     WHERE a.tenant_id = $1 AND a.ciclo_id = $2 ORDER BY a.posizione";

pub const NOTA_INSERISCI: &str = "INSERT INTO nota_trascrizione (tenant_id, ciclo_id, posizione, percorso, testo) VALUES ($1, $2, $3, $4, $5)";
pub const NOTE: &str = "SELECT percorso, testo FROM nota_trascrizione WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const FORMAZIONE_INSERISCI: &str = "INSERT INTO formazione (tenant_id, ciclo_id, posizione, unita, anno, testo) VALUES ($1, $2, $3, $4, $5, $6)";
pub const FORMAZIONE: &str = "SELECT unita, anno, testo FROM formazione WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const BIL_ULTIMA_VERSIONE: &str = "SELECT COALESCE(MAX(versione), 0) AS versione FROM bilancio_versione WHERE tenant_id = $1 AND esercizio = $2";
pub const BIL_VERSIONE_INSERISCI: &str = "INSERT INTO bilancio_versione (tenant_id, id, esercizio, versione, importato_il, fonte, formato, fpv_corrente_cent, fpv_capitale_cent, avanzo_cent, avanzo_anticipato_cent, fondo_cassa_cent, disavanzo_cent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
pub const BIL_UO_INSERISCI: &str = "INSERT INTO bilancio_uo (tenant_id, versione_id, posizione, codice, nome) VALUES ($1, $2, $3, $4, $5)";
/// L'identità del capitolo: la stessa in ogni versione del bilancio dell'esercizio.
pub const BIL_CAPITOLO_IDENTITA_INSERISCI: &str = "INSERT INTO capitolo_identita (tenant_id, id, esercizio, lato, codice) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (tenant_id, esercizio, lato, codice) DO NOTHING";
pub const BIL_CAPITOLO_IDENTITA: &str = "SELECT id FROM capitolo_identita WHERE tenant_id = $1 AND esercizio = $2 AND lato = $3 AND codice = $4";
pub const BIL_CAPITOLI_IDENTITA: &str = "SELECT id, lato, codice FROM capitolo_identita WHERE tenant_id = $1 AND esercizio = $2 ORDER BY lato, codice";
pub const BIL_CAPITOLO_INSERISCI: &str = "INSERT INTO capitolo (tenant_id, versione_id, posizione, lato, codice, descrizione, uo, titolo, tipologia, missione, programma, anno_precedente_cent, previsione_cent, aumento_cent, diminuzione_cent, cassa_cent, impegnato_cent, fpv_cent, anno2_cent, anno3_cent, capitolo_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)";
pub const BIL_VERSIONE: &str = "SELECT id, esercizio, fpv_corrente_cent, fpv_capitale_cent, avanzo_cent, avanzo_anticipato_cent, fondo_cassa_cent, disavanzo_cent FROM bilancio_versione WHERE tenant_id = $1 AND esercizio = $2 AND versione = $3";
pub const BIL_UO: &str = "SELECT codice, nome FROM bilancio_uo WHERE tenant_id = $1 AND versione_id = $2 ORDER BY posizione";
pub const BIL_CAPITOLI: &str = "SELECT lato, codice, descrizione, uo, titolo, tipologia, missione, programma, anno_precedente_cent, previsione_cent, aumento_cent, diminuzione_cent, cassa_cent, impegnato_cent, fpv_cent, anno2_cent, anno3_cent FROM capitolo WHERE tenant_id = $1 AND versione_id = $2 ORDER BY posizione";
pub const BIL_VERSIONI: &str = "SELECT v.esercizio, v.versione, v.importato_il, v.fonte, v.formato, \
     (SELECT COUNT(*) FROM capitolo c WHERE c.tenant_id = v.tenant_id AND c.versione_id = v.id) AS capitoli \
     FROM bilancio_versione v WHERE v.tenant_id = $1 AND v.esercizio = $2 ORDER BY v.versione";
// Collegamenti capitolo ↔ progetto PEG / obiettivo, per id.
pub const BIL_COLLEGAMENTI_CANCELLA: &str = "DELETE FROM collegamento_capitolo WHERE tenant_id = $1 AND capitolo_id IN (SELECT id FROM capitolo_identita WHERE tenant_id = $1 AND esercizio = $2)";
/// Un collegamento nuovo; se c'è già (stesso capitolo e destinazione) non scrive nulla.
pub const BIL_COLLEGAMENTO_INSERISCI: &str = "INSERT INTO collegamento_capitolo (tenant_id, id, capitolo_id, progetto_id, obiettivo_id, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, 1, $6, $7) ON CONFLICT DO NOTHING";
pub const BIL_COLLEGAMENTO_RIMUOVI: &str =
    "DELETE FROM collegamento_capitolo WHERE tenant_id = $1 AND id = $2 AND revisione = $3";
pub const BIL_COLLEGAMENTO_ULTIMA_MODIFICA: &str = "SELECT revisione, aggiornato_da, aggiornato_il FROM collegamento_capitolo WHERE tenant_id = $1 AND id = $2";
pub const BIL_COLLEGAMENTI_ID: &str = "SELECT l.id, l.capitolo_id, l.progetto_id, l.obiettivo_id, l.revisione FROM collegamento_capitolo l \
     JOIN capitolo_identita i ON i.tenant_id = l.tenant_id AND i.id = l.capitolo_id WHERE l.tenant_id = $1 AND i.esercizio = $2 ORDER BY i.lato, i.codice, l.id";
pub const BIL_COLLEGAMENTI: &str = "SELECT i.lato, i.codice AS capitolo, CASE WHEN l.progetto_id IS NULL THEN 'obiettivo' ELSE 'progetto' END AS tipo, COALESCE(g.codice, o.codice) AS codice \
     FROM collegamento_capitolo l JOIN capitolo_identita i ON i.tenant_id = l.tenant_id AND i.id = l.capitolo_id \
     LEFT JOIN progetto_peg g ON g.tenant_id = l.tenant_id AND g.id = l.progetto_id \
     LEFT JOIN obiettivo o ON o.tenant_id = l.tenant_id AND o.id = l.obiettivo_id \
     WHERE l.tenant_id = $1 AND i.esercizio = $2 ORDER BY i.lato, i.codice, tipo, codice";
/// Collegamenti per obiettivo e per progetto del ciclo (ciò che la reimportazione perderebbe).
pub const COLLEGAMENTI_PER_OBIETTIVO: &str = "SELECT o.codice, COUNT(*) AS n FROM collegamento_capitolo l JOIN obiettivo o ON o.tenant_id = l.tenant_id AND o.id = l.obiettivo_id \
     WHERE l.tenant_id = $1 AND o.ciclo_id = $2 GROUP BY o.codice ORDER BY o.codice";
pub const COLLEGAMENTI_PER_PROGETTO: &str = "SELECT g.codice, COUNT(*) AS n FROM collegamento_capitolo l JOIN progetto_peg g ON g.tenant_id = l.tenant_id AND g.id = l.progetto_id \
     WHERE l.tenant_id = $1 AND g.ciclo_id = $2 GROUP BY g.codice ORDER BY g.codice";

pub const REGOLE_CORRENTI: &str = "SELECT versione, regole, creato_il, attore FROM regole_smvp WHERE tenant_id = $1 AND anno_ciclo = $2 ORDER BY versione DESC LIMIT 1";
pub const REGOLE_INSERISCI: &str = "INSERT INTO regole_smvp (tenant_id, anno_ciclo, versione, regole, creato_il, attore) VALUES ($1, $2, $3, $4, $5, $6)";
// Voti e prese visione: della persona (id) nel ciclo (id); l'anno del ciclo solo per leggere.
pub const VOTI: &str = "SELECT e.codice AS persona, v.comportamento, v.voto_e4 FROM voto_comportamento v \
     JOIN ciclo c ON c.tenant_id = v.tenant_id AND c.id = v.ciclo_id JOIN persona_ente e ON e.tenant_id = v.tenant_id AND e.id = v.persona_id \
     WHERE v.tenant_id = $1 AND c.anno_inizio = $2 ORDER BY e.codice, v.comportamento";
/// Importazione delle schede: inserisce o sostituisce.
pub const VOTO_SALVA: &str = "INSERT INTO voto_comportamento (tenant_id, ciclo_id, persona_id, comportamento, voto_e4, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $2, $3, $4, $5, 1, $6, $7) \
     ON CONFLICT (tenant_id, ciclo_id, persona_id, comportamento) DO UPDATE SET voto_e4 = excluded.voto_e4, revisione = voto_comportamento.revisione + 1, \
     aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";
pub const VOTO_INSERISCI: &str = "INSERT INTO voto_comportamento (tenant_id, ciclo_id, persona_id, comportamento, voto_e4, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $2, $3, $4, $5, 1, $6, $7) \
     ON CONFLICT (tenant_id, ciclo_id, persona_id, comportamento) DO NOTHING";
pub const VOTO_AGGIORNA: &str = "UPDATE voto_comportamento SET voto_e4 = $5, revisione = revisione + 1, aggiornato_da = $6, aggiornato_il = $7 \
     WHERE tenant_id = $1 AND ciclo_id = $2 AND persona_id = $3 AND comportamento = $4 AND revisione = $8";
pub const VOTO_ULTIMA_MODIFICA: &str = "SELECT revisione, aggiornato_da, aggiornato_il FROM voto_comportamento WHERE tenant_id = $1 AND ciclo_id = $2 AND persona_id = $3 AND comportamento = $4";
pub const PRESE_VISIONE: &str = "SELECT e.codice AS persona, v.momento, v.punteggio_e4 FROM presa_visione v \
     JOIN ciclo c ON c.tenant_id = v.tenant_id AND c.id = v.ciclo_id JOIN persona_ente e ON e.tenant_id = v.tenant_id AND e.id = v.persona_id \
     WHERE v.tenant_id = $1 AND c.anno_inizio = $2 ORDER BY e.codice";
pub const PRESA_VISIONE_SALVA: &str = "INSERT INTO presa_visione (tenant_id, ciclo_id, persona_id, momento, punteggio_e4, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $2, $3, $4, $5, 1, $6, $7) \
     ON CONFLICT (tenant_id, ciclo_id, persona_id) DO UPDATE SET momento = excluded.momento, punteggio_e4 = excluded.punteggio_e4, \
     revisione = presa_visione.revisione + 1, aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";
pub const PRESA_VISIONE_REVISIONE: &str = "SELECT revisione, aggiornato_da, aggiornato_il FROM presa_visione WHERE tenant_id = $1 AND ciclo_id = $2 AND persona_id = $3";
/// Voti e prese visione per persona del ciclo (ciò che la reimportazione perderebbe).
pub const FATTI_PER_PERSONA: &str = "SELECT e.codice, \
     (SELECT COUNT(*) FROM voto_comportamento v WHERE v.tenant_id = p.tenant_id AND v.ciclo_id = p.ciclo_id AND v.persona_id = p.persona_id) AS voti, \
     (SELECT COUNT(*) FROM presa_visione v WHERE v.tenant_id = p.tenant_id AND v.ciclo_id = p.ciclo_id AND v.persona_id = p.persona_id) AS prese \
     FROM persona p JOIN persona_ente e ON e.tenant_id = p.tenant_id AND e.id = p.persona_id WHERE p.tenant_id = $1 AND p.ciclo_id = $2 ORDER BY p.posizione";
/// I dati del ciclo cambiano (chiave delle cache), senza toccare la data del piano.
pub const CICLO_TOCCA_DATI: &str =
    "UPDATE ciclo SET revisione_dati = revisione_dati + 1 WHERE tenant_id = $1 AND id = $2";

pub const IND_FIN_INSERISCI: &str = "INSERT INTO indicatore_finanziario (tenant_id, ciclo_id, posizione, codice, nome, numeratore_descrizione, numeratore_cent, denominatore_descrizione, denominatore_cent, target, valore_stampato, nota) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
pub const IND_FIN: &str = "SELECT codice, nome, numeratore_descrizione, numeratore_cent, denominatore_descrizione, denominatore_cent, target, valore_stampato, nota FROM indicatore_finanziario WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";
pub const IND_FIN_RETTIFICA_INSERISCI: &str = "INSERT INTO indicatore_finanziario_rettifica (tenant_id, ciclo_id, indicatore, posizione, descrizione, importo_cent) VALUES ($1, $2, $3, $4, $5, $6)";
pub const IND_FIN_RETTIFICHE: &str = "SELECT indicatore, descrizione, importo_cent FROM indicatore_finanziario_rettifica WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY indicatore, posizione";
pub const ESECUZIONE_INSERISCI: &str = "INSERT INTO esecuzione_bilancio (tenant_id, ciclo_id, posizione, unita, progetto, titolo, stanziamento_definitivo_cent, stanziamento_senza_fpv_cent, impegni_cent, percentuale_stampata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
pub const ESECUZIONE: &str = "SELECT unita, progetto, titolo, stanziamento_definitivo_cent, stanziamento_senza_fpv_cent, impegni_cent, percentuale_stampata FROM esecuzione_bilancio WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

// Monitoraggio: i fatti puntano a step, indicatori, obiettivi e checkpoint per id; la posizione
// dello step o dell'indicatore si ricava a ogni lettura (da 1 nel piano, da 0 nelle tabelle).
pub const CHECKPOINT_SALVA: &str = "INSERT INTO checkpoint (tenant_id, id, ciclo_id, posizione, codice, data, etichetta, finale) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (tenant_id, id) DO UPDATE SET posizione = excluded.posizione, codice = excluded.codice, data = excluded.data, etichetta = excluded.etichetta, finale = excluded.finale";
pub const CHECKPOINT_PARCHEGGIA: &str =
    "UPDATE checkpoint SET codice = '~' || codice WHERE tenant_id = $1 AND ciclo_id = $2";
pub const CHECKPOINT_ID: &str = "SELECT id FROM checkpoint WHERE tenant_id = $1 AND ciclo_id = $2";
pub const CHECKPOINT_CANCELLA: &str = "DELETE FROM checkpoint WHERE tenant_id = $1 AND id = $2";
pub const CHECKPOINTS: &str = "SELECT id, codice, data, etichetta, finale FROM checkpoint WHERE tenant_id = $1 AND ciclo_id = $2 ORDER BY posizione";

pub const STATO_SALVA: &str = "INSERT INTO stato_step (tenant_id, step_id, checkpoint_id, posizione, stato, percentuale_e4, testo, consuntivo, atti, revisione, aggiornato_da, aggiornato_il, data_completamento) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $11, $12) \
     ON CONFLICT (tenant_id, step_id, checkpoint_id) DO UPDATE SET posizione = excluded.posizione, stato = excluded.stato, percentuale_e4 = excluded.percentuale_e4, \
     testo = excluded.testo, consuntivo = excluded.consuntivo, atti = excluded.atti, data_completamento = excluded.data_completamento, revisione = stato_step.revisione + 1, \
     aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";
/// Nuovo fatto: se intanto qualcuno l'ha scritto, la chiave primaria rifiuta il secondo.
pub const STATO_INSERISCI: &str = "INSERT INTO stato_step (tenant_id, step_id, checkpoint_id, posizione, stato, percentuale_e4, testo, consuntivo, atti, revisione, aggiornato_da, aggiornato_il, data_completamento) \
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(m.posizione), -1) + 1 FROM stato_step m JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id WHERE m.tenant_id = $1 AND k.ciclo_id = $11), \
     $4, $5, $6, $7, $8, 1, $9, $10, $12) ON CONFLICT (tenant_id, step_id, checkpoint_id) DO NOTHING";
pub const STATO_AGGIORNA: &str = "UPDATE stato_step SET stato = $5, percentuale_e4 = $6, testo = $7, consuntivo = $8, atti = $9, revisione = revisione + 1, aggiornato_da = $10, aggiornato_il = $11, data_completamento = $12 \
     WHERE tenant_id = $1 AND step_id = $2 AND checkpoint_id = $3 AND revisione = $4";
pub const STATO_ULTIMA_MODIFICA: &str = "SELECT revisione, aggiornato_da, aggiornato_il FROM stato_step WHERE tenant_id = $1 AND step_id = $2 AND checkpoint_id = $3";
pub const STATI_CHIAVI: &str = "SELECT m.step_id AS a, m.checkpoint_id AS b FROM stato_step m JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id WHERE m.tenant_id = $1 AND k.ciclo_id = $2";
pub const STATO_CANCELLA: &str =
    "DELETE FROM stato_step WHERE tenant_id = $1 AND step_id = $2 AND checkpoint_id = $3";
pub const STATI: &str = "SELECT k.codice AS checkpoint, o.codice AS obiettivo, s.posizione + 1 AS step, m.stato, m.percentuale_e4, m.testo, m.consuntivo, m.atti, m.data_completamento \
     FROM stato_step m JOIN step s ON s.tenant_id = m.tenant_id AND s.id = m.step_id \
     JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id \
     JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id \
     WHERE m.tenant_id = $1 AND k.ciclo_id = $2 ORDER BY m.posizione";

pub const VALORE_SALVA: &str = "INSERT INTO valore_indicatore (tenant_id, indicatore_id, checkpoint_id, posizione, valore, scostamento_stampato, nota, valutazione_e4, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10) \
     ON CONFLICT (tenant_id, indicatore_id, checkpoint_id) DO UPDATE SET posizione = excluded.posizione, valore = excluded.valore, scostamento_stampato = excluded.scostamento_stampato, \
     nota = excluded.nota, valutazione_e4 = excluded.valutazione_e4, revisione = valore_indicatore.revisione + 1, aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";
pub const VALORE_INSERISCI: &str = "INSERT INTO valore_indicatore (tenant_id, indicatore_id, checkpoint_id, posizione, valore, scostamento_stampato, nota, valutazione_e4, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(m.posizione), -1) + 1 FROM valore_indicatore m JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id WHERE m.tenant_id = $1 AND k.ciclo_id = $10), \
     $4, $5, $6, $7, 1, $8, $9) ON CONFLICT (tenant_id, indicatore_id, checkpoint_id) DO NOTHING";
pub const VALORE_AGGIORNA: &str = "UPDATE valore_indicatore SET valore = $5, scostamento_stampato = $6, nota = $7, valutazione_e4 = $8, revisione = revisione + 1, aggiornato_da = $9, aggiornato_il = $10 \
     WHERE tenant_id = $1 AND indicatore_id = $2 AND checkpoint_id = $3 AND revisione = $4";
pub const VALORE_ULTIMA_MODIFICA: &str = "SELECT revisione, aggiornato_da, aggiornato_il FROM valore_indicatore WHERE tenant_id = $1 AND indicatore_id = $2 AND checkpoint_id = $3";
pub const VALORI_CHIAVI: &str = "SELECT m.indicatore_id AS a, m.checkpoint_id AS b FROM valore_indicatore m JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id WHERE m.tenant_id = $1 AND k.ciclo_id = $2";
pub const VALORE_CANCELLA: &str = "DELETE FROM valore_indicatore WHERE tenant_id = $1 AND indicatore_id = $2 AND checkpoint_id = $3";
pub const VALORI: &str = "SELECT k.codice AS checkpoint, o.codice AS obiettivo, i.posizione + 1 AS indicatore, m.valore, m.scostamento_stampato, m.nota, m.valutazione_e4 \
     FROM valore_indicatore m JOIN indicatore i ON i.tenant_id = m.tenant_id AND i.id = m.indicatore_id \
     JOIN obiettivo o ON o.tenant_id = i.tenant_id AND o.id = i.obiettivo_id \
     JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id \
     WHERE m.tenant_id = $1 AND k.ciclo_id = $2 ORDER BY m.posizione";

pub const DILAZIONE_SALVA: &str = "INSERT INTO dilazione (tenant_id, id, step_id, checkpoint_id, posizione, motivo, scadenza_proposta, esito, atto, data_esito, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12) \
     ON CONFLICT (tenant_id, id) DO UPDATE SET step_id = excluded.step_id, checkpoint_id = excluded.checkpoint_id, posizione = excluded.posizione, motivo = excluded.motivo, \
     scadenza_proposta = excluded.scadenza_proposta, esito = excluded.esito, atto = excluded.atto, data_esito = excluded.data_esito, \
     revisione = dilazione.revisione + 1, aggiornato_da = excluded.aggiornato_da, aggiornato_il = excluded.aggiornato_il";
pub const DILAZIONE_INSERISCI: &str = "INSERT INTO dilazione (tenant_id, id, step_id, checkpoint_id, posizione, motivo, scadenza_proposta, esito, atto, data_esito, revisione, aggiornato_da, aggiornato_il) \
     VALUES ($1, $2, $3, $4, (SELECT COALESCE(MAX(m.posizione), -1) + 1 FROM dilazione m JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id WHERE m.tenant_id = $1 AND k.ciclo_id = $12), \
     $5, $6, $7, $8, $9, 1, $10, $11)";
pub const DILAZIONE_DECIDI: &str = "UPDATE dilazione SET esito = $4, atto = $5, data_esito = $6, revisione = revisione + 1, aggiornato_da = $7, aggiornato_il = $8 \
     WHERE tenant_id = $1 AND id = $2 AND revisione = $3";
pub const DILAZIONE_ULTIMA_MODIFICA: &str = "SELECT revisione, aggiornato_da, aggiornato_il FROM dilazione WHERE tenant_id = $1 AND id = $2";
pub const DILAZIONI_CHIAVI: &str = "SELECT m.id AS id, m.step_id AS a, m.checkpoint_id AS b FROM dilazione m JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id WHERE m.tenant_id = $1 AND k.ciclo_id = $2";
pub const DILAZIONE_CANCELLA: &str = "DELETE FROM dilazione WHERE tenant_id = $1 AND id = $2";
pub const DILAZIONI: &str = "SELECT m.id, m.revisione, o.codice AS obiettivo, s.posizione + 1 AS step, k.codice AS checkpoint, m.motivo, m.scadenza_proposta, m.esito, m.atto, m.data_esito \
     FROM dilazione m JOIN step s ON s.tenant_id = m.tenant_id AND s.id = m.step_id \
     JOIN obiettivo o ON o.tenant_id = s.tenant_id AND o.id = s.obiettivo_id \
     JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id \
     WHERE m.tenant_id = $1 AND k.ciclo_id = $2 ORDER BY m.posizione";

pub const CAUSE_CANCELLA: &str = "DELETE FROM causa_scostamento WHERE tenant_id = $1 AND obiettivo_id IN (SELECT id FROM obiettivo WHERE tenant_id = $1 AND ciclo_id = $2)";
pub const CAUSA_SALVA: &str = "INSERT INTO causa_scostamento (tenant_id, id, obiettivo_id, step_id, posizione, causa, testo, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9)";
/// Una causa per (obiettivo, step): la nuova sostituisce la precedente.
pub const CAUSA_SOSTITUISCI: &str = "DELETE FROM causa_scostamento WHERE tenant_id = $1 AND obiettivo_id = $2 AND ((step_id IS NULL AND $3 IS NULL) OR step_id = $3)";
pub const CAUSA_PROSSIMA_POSIZIONE: &str = "SELECT COALESCE(MAX(m.posizione), -1) + 1 AS posizione FROM causa_scostamento m JOIN obiettivo o ON o.tenant_id = m.tenant_id AND o.id = m.obiettivo_id WHERE m.tenant_id = $1 AND o.ciclo_id = $2";
pub const CAUSE: &str = "SELECT o.codice AS obiettivo, s.posizione + 1 AS step, m.causa, m.testo \
     FROM causa_scostamento m JOIN obiettivo o ON o.tenant_id = m.tenant_id AND o.id = m.obiettivo_id \
     LEFT JOIN step s ON s.tenant_id = m.tenant_id AND s.id = m.step_id \
     WHERE m.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY m.posizione";

/// Le relazioni del ciclo da riscrivere: non quelle dei checkpoint chiusi, che restano.
pub const RELAZIONI_CANCELLA: &str = "DELETE FROM relazione_obiettivo WHERE tenant_id = $1 AND obiettivo_id IN (SELECT id FROM obiettivo WHERE tenant_id = $1 AND ciclo_id = $2) \
     AND checkpoint_id NOT IN (SELECT id FROM checkpoint WHERE tenant_id = $1 AND ciclo_id = $2 AND stato = 'chiuso')";
pub const RELAZIONE_SALVA: &str = "INSERT INTO relazione_obiettivo (tenant_id, id, obiettivo_id, checkpoint_id, posizione, testo, revisione, aggiornato_da, aggiornato_il) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)";
pub const RELAZIONI: &str = "SELECT k.codice AS checkpoint, o.codice AS obiettivo, m.testo \
     FROM relazione_obiettivo m JOIN obiettivo o ON o.tenant_id = m.tenant_id AND o.id = m.obiettivo_id \
     JOIN checkpoint k ON k.tenant_id = m.tenant_id AND k.id = m.checkpoint_id \
     WHERE m.tenant_id = $1 AND o.ciclo_id = $2 ORDER BY m.posizione";

pub const IDEMPOTENZA: &str =
    "SELECT azione, entita_id FROM idempotenza WHERE tenant_id = $1 AND chiave = $2";
pub const IDEMPOTENZA_INSERISCI: &str = "INSERT INTO idempotenza (tenant_id, chiave, azione, entita_id, creato_il) VALUES ($1, $2, $3, $4, $5)";
pub const REVISIONE_PROSSIMA_POSIZIONE: &str = "SELECT COALESCE(MAX(posizione), -1) + 1 AS posizione FROM step_revisione_scadenza WHERE tenant_id = $1 AND step_id = $2";

/// Il CdR capofila di un obiettivo del ciclo, indicati per codice (il ciclo nuovo riporta quelli
/// del precedente). `$1` ente, `$2` ciclo, `$3` obiettivo, `$4` CdR.
pub const CAPOFILA_PER_CODICE: &str = "INSERT INTO obiettivo_capofila (tenant_id, obiettivo_id, cdr_id, aggiornato_da, aggiornato_il) \
     SELECT o.tenant_id, o.id, u.id, $5, $6 FROM obiettivo o \
     JOIN unita_organizzativa u ON u.tenant_id = o.tenant_id AND u.ciclo_id = o.ciclo_id AND u.codice = $4 \
     WHERE o.tenant_id = $1 AND o.ciclo_id = $2 AND o.codice = $3";
