//! L'unica tabella delle autorizzazioni: ruolo × azione × portata, come dati.
//!
//! Ogni caso d'uso chiede `ctx.autorizza(azione, ambito)` prima di leggere o scrivere e passa
//! il [`Permesso`] ottenuto al metodo che scrive: un `Permesso` si costruisce solo qui.
//! Due regole valgono sopra la tabella, per ogni ruolo:
//! - nessuno valuta sé stesso (il direttore compreso): vedi [`Azione::valuta_persone`];
//! - il sistema (la CLI) può tutto, ed è registrato come tale nell'audit.

use crate::Errore;
use crate::contesto::Contesto;
use serde::Serialize;
use traguardo_domain::accesso::{CodiceCdr, CodiceObiettivo, CodicePersona, Ruolo, RuoloAssegnato};
use traguardo_domain::piano::{Piano, TipoObiettivo};

/// Ciò che un utente può chiedere di fare presso un ente.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Azione {
    /// Leggere il piano, il monitoraggio, le schede degli obiettivi.
    LeggiPiano,
    /// Importare (o reimportare) il file del piano di un ciclo.
    ImportaPiano,
    /// Creare, modificare, spostare o eliminare un obiettivo.
    ModificaObiettivo,
    ModificaStep,
    ModificaIndicatore,
    /// Impostare i pesi degli step di un obiettivo.
    ImpostaPesi,
    /// Assegnare una persona a un obiettivo o a uno step.
    AssegnaPersona,
    /// Registrare lo stato di uno step a un checkpoint.
    RegistraStato,
    /// Registrare il valore di un indicatore a un checkpoint.
    RegistraValore,
    /// Registrare la causa di uno scostamento.
    RegistraCausa,
    RichiediDilazione,
    DecidiDilazione,
    /// Esprimere il voto di un comportamento di una persona.
    ValutaComportamento,
    /// Importare le schede di valutazione già firmate dai valutatori (data entry).
    ImportaValutazioni,
    /// Prendere visione della propria scheda.
    PrendiVisione,
    LeggiValutazione,
    /// Regole SMVP del ciclo.
    ModificaRegole,
    /// Ripartire il fondo per la produttività.
    EseguiFondo,
    LeggiBilancio,
    ImportaBilancio,
    /// Collegare capitoli di bilancio a progetti PEG o obiettivi.
    CollegaCapitolo,
    LeggiAudit,
    /// Concedere e revocare i ruoli presso l'ente.
    GestisciUtenti,
    /// CdR che nascono e chiudono, responsabili, persone che entrano, si spostano, escono.
    ModificaOrganizzazione,
    /// Importare presenze e part-time dal sistema delle presenze.
    ImportaPresenze,
    /// Trasmettere, chiudere, riaprire un checkpoint e datarne la redazione.
    GestisciCheckpoint,
    /// Creare la Relazione sulla performance e registrarne l'approvazione (l'atto del CdA).
    ApprovaRelazione,
    /// Nucleo/OIV: osservazioni e raggiungimenti accertati su obiettivi e indicatori.
    OsservaOiv,
    /// Nucleo/OIV: la proposta di valutazione del direttore.
    ProponiValutazioneDirettore,
    /// Nucleo/OIV: la validazione della Relazione sulla performance.
    ValidaRelazione,
    /// Registrare la decisione del CdA sulla valutazione del direttore (per atto).
    DecidiValutazioneDirettore,
    /// Registrare l'atto che approva il piano, proporlo, aprirne una variazione, scriverne
    /// l'errata corrige.
    ApprovaPiano,
}

impl Azione {
    pub const TUTTE: [Azione; 32] = [
        Azione::LeggiPiano,
        Azione::ImportaPiano,
        Azione::ModificaObiettivo,
        Azione::ModificaStep,
        Azione::ModificaIndicatore,
        Azione::ImpostaPesi,
        Azione::AssegnaPersona,
        Azione::RegistraStato,
        Azione::RegistraValore,
        Azione::RegistraCausa,
        Azione::RichiediDilazione,
        Azione::DecidiDilazione,
        Azione::ValutaComportamento,
        Azione::ImportaValutazioni,
        Azione::PrendiVisione,
        Azione::LeggiValutazione,
        Azione::ModificaRegole,
        Azione::EseguiFondo,
        Azione::LeggiBilancio,
        Azione::ImportaBilancio,
        Azione::CollegaCapitolo,
        Azione::LeggiAudit,
        Azione::GestisciUtenti,
        Azione::ModificaOrganizzazione,
        Azione::ImportaPresenze,
        Azione::GestisciCheckpoint,
        Azione::ApprovaRelazione,
        Azione::OsservaOiv,
        Azione::ProponiValutazioneDirettore,
        Azione::ValidaRelazione,
        Azione::DecidiValutazioneDirettore,
        Azione::ApprovaPiano,
    ];

    /// Descrizione per i messaggi («… non può <descrizione>»).
    pub fn descrizione(self) -> &'static str {
        match self {
            Azione::LeggiPiano => "leggere il piano",
            Azione::ImportaPiano => "importare il piano",
            Azione::ModificaObiettivo => "modificare gli obiettivi",
            Azione::ModificaStep => "modificare gli step",
            Azione::ModificaIndicatore => "modificare gli indicatori",
            Azione::ImpostaPesi => "impostare i pesi",
            Azione::AssegnaPersona => "assegnare persone agli obiettivi",
            Azione::RegistraStato => "registrare lo stato degli step",
            Azione::RegistraValore => "registrare i valori degli indicatori",
            Azione::RegistraCausa => "registrare le cause degli scostamenti",
            Azione::RichiediDilazione => "chiedere una dilazione",
            Azione::DecidiDilazione => "decidere una dilazione",
            Azione::ValutaComportamento => "valutare i comportamenti",
            Azione::ImportaValutazioni => "importare le schede di valutazione",
            Azione::PrendiVisione => "prendere visione della scheda",
            Azione::LeggiValutazione => "leggere la valutazione",
            Azione::ModificaRegole => "modificare le regole SMVP",
            Azione::EseguiFondo => "ripartire il fondo",
            Azione::LeggiBilancio => "leggere il bilancio",
            Azione::ImportaBilancio => "importare il bilancio",
            Azione::CollegaCapitolo => "collegare i capitoli di bilancio",
            Azione::LeggiAudit => "leggere il registro di audit",
            Azione::GestisciUtenti => "gestire gli utenti",
            Azione::ModificaOrganizzazione => "modificare l'organizzazione (CdR e persone)",
            Azione::ImportaPresenze => "importare le presenze",
            Azione::GestisciCheckpoint => "gestire lo stato dei checkpoint",
            Azione::ApprovaRelazione => "approvare la Relazione sulla performance",
            Azione::OsservaOiv => "registrare osservazioni e accertamenti del Nucleo/OIV",
            Azione::ProponiValutazioneDirettore => "proporre la valutazione del direttore",
            Azione::ValidaRelazione => "validare la Relazione sulla performance",
            Azione::DecidiValutazioneDirettore => {
                "registrare la decisione del CdA sulla valutazione del direttore"
            }
            Azione::ApprovaPiano => "registrare l'approvazione del piano e le sue variazioni",
        }
    }

    /// Le azioni che valutano una persona: nessuno le compie su sé stesso.
    pub fn valuta_persone(self) -> bool {
        matches!(
            self,
            Azione::ValutaComportamento | Azione::ImportaValutazioni
        )
    }
}

/// Su cosa si agisce. Gli ambiti portano ciò che serve alla tabella per decidere (i CdR di un
/// obiettivo, il CdR di una persona, se è del direttore): li fornisce il caso d'uso, che li
/// legge dal piano.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "tipo")]
pub enum Ambito {
    /// L'ente intero (importazioni, regole, elenchi).
    Ente,
    Cdr(CodiceCdr),
    Obiettivo {
        obiettivo: CodiceObiettivo,
        /// I CdR a cui l'obiettivo è assegnato.
        cdr: Vec<CodiceCdr>,
        /// Obiettivo assegnato al direttore: le sue dilazioni non le decide il direttore.
        del_direttore: bool,
    },
    Persona {
        persona: CodicePersona,
        cdr: Option<CodiceCdr>,
        /// La persona è il direttore: la sua scheda la decide il Nucleo/OIV.
        direttore: bool,
    },
}

/// Fin dove arriva una regola della tabella.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Portata {
    /// Tutto l'ente.
    Ente,
    /// I CdR del ruolo (e gli obiettivi e le persone di quei CdR).
    CdrPropri,
    /// Gli obiettivi del ruolo.
    ObiettiviPropri,
    /// La persona collegata all'utente.
    SeStesso,
    /// Tutto tranne gli obiettivi e la persona del direttore.
    NonDelDirettore,
    /// Solo gli obiettivi e la persona del direttore.
    SoloDelDirettore,
}

/// Una riga della tabella.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Regola {
    pub ruolo: Ruolo,
    pub azione: Azione,
    pub portata: Portata,
}

const fn r(ruolo: Ruolo, azione: Azione, portata: Portata) -> Regola {
    Regola {
        ruolo,
        azione,
        portata,
    }
}

use Azione as A;
use Portata as P;
use Ruolo as R;

/// La tabella. Un'azione assente per un ruolo è vietata a quel ruolo.
pub const TABELLA: &[Regola] = &[
    // Amministratore di sistema: configura l'ente, non valuta e non monitora.
    r(R::Amministratore, A::LeggiPiano, P::Ente),
    r(R::Amministratore, A::LeggiValutazione, P::Ente),
    r(R::Amministratore, A::LeggiBilancio, P::Ente),
    r(R::Amministratore, A::LeggiAudit, P::Ente),
    r(R::Amministratore, A::GestisciUtenti, P::Ente),
    r(R::Amministratore, A::ImportaPiano, P::Ente),
    r(R::Amministratore, A::ModificaObiettivo, P::Ente),
    r(R::Amministratore, A::ModificaStep, P::Ente),
    r(R::Amministratore, A::ModificaIndicatore, P::Ente),
    r(R::Amministratore, A::ImpostaPesi, P::Ente),
    r(R::Amministratore, A::AssegnaPersona, P::Ente),
    r(R::Amministratore, A::ModificaRegole, P::Ente),
    r(R::Amministratore, A::ImportaBilancio, P::Ente),
    r(R::Amministratore, A::CollegaCapitolo, P::Ente),
    r(R::Amministratore, A::PrendiVisione, P::SeStesso),
    r(R::Amministratore, A::ModificaOrganizzazione, P::Ente),
    r(R::Amministratore, A::ImportaPresenze, P::Ente),
    // Registra, con l'atto del CdA, la decisione sulle dilazioni degli obiettivi del direttore.
    r(R::Amministratore, A::DecidiDilazione, P::SoloDelDirettore),
    r(R::Amministratore, A::ApprovaRelazione, P::Ente),
    r(R::Amministratore, A::DecidiValutazioneDirettore, P::Ente),
    r(R::Amministratore, A::ApprovaPiano, P::Ente),
    // Direttore: titolare del piano; non decide sulle proprie dilazioni né sulla propria scheda.
    r(R::Direttore, A::LeggiPiano, P::Ente),
    r(R::Direttore, A::LeggiValutazione, P::Ente),
    r(R::Direttore, A::LeggiBilancio, P::Ente),
    r(R::Direttore, A::LeggiAudit, P::Ente),
    r(R::Direttore, A::ImportaPiano, P::Ente),
    r(R::Direttore, A::ModificaObiettivo, P::Ente),
    r(R::Direttore, A::ModificaStep, P::Ente),
    r(R::Direttore, A::ModificaIndicatore, P::Ente),
    r(R::Direttore, A::ImpostaPesi, P::Ente),
    r(R::Direttore, A::AssegnaPersona, P::Ente),
    r(R::Direttore, A::RegistraStato, P::Ente),
    r(R::Direttore, A::RegistraValore, P::Ente),
    r(R::Direttore, A::RegistraCausa, P::Ente),
    r(R::Direttore, A::RichiediDilazione, P::Ente),
    r(R::Direttore, A::DecidiDilazione, P::NonDelDirettore),
    r(R::Direttore, A::ValutaComportamento, P::NonDelDirettore),
    r(R::Direttore, A::CollegaCapitolo, P::Ente),
    r(R::Direttore, A::PrendiVisione, P::SeStesso),
    r(R::Direttore, A::ModificaOrganizzazione, P::Ente),
    r(R::Direttore, A::ImportaPresenze, P::Ente),
    r(R::Direttore, A::GestisciCheckpoint, P::Ente),
    r(R::Direttore, A::ApprovaRelazione, P::Ente),
    r(R::Direttore, A::ApprovaPiano, P::Ente),
    // Responsabile: i propri CdR.
    r(R::Responsabile, A::LeggiPiano, P::Ente),
    r(R::Responsabile, A::LeggiValutazione, P::Ente),
    r(R::Responsabile, A::LeggiBilancio, P::Ente),
    r(R::Responsabile, A::ModificaObiettivo, P::CdrPropri),
    r(R::Responsabile, A::ModificaStep, P::CdrPropri),
    r(R::Responsabile, A::ModificaIndicatore, P::CdrPropri),
    r(R::Responsabile, A::ImpostaPesi, P::CdrPropri),
    r(R::Responsabile, A::AssegnaPersona, P::CdrPropri),
    r(R::Responsabile, A::RegistraStato, P::CdrPropri),
    r(R::Responsabile, A::RegistraValore, P::CdrPropri),
    r(R::Responsabile, A::RegistraCausa, P::CdrPropri),
    r(R::Responsabile, A::RichiediDilazione, P::CdrPropri),
    r(R::Responsabile, A::ValutaComportamento, P::CdrPropri),
    r(R::Responsabile, A::PrendiVisione, P::SeStesso),
    // Referente: il monitoraggio dei propri obiettivi.
    r(R::Referente, A::LeggiPiano, P::Ente),
    r(R::Referente, A::LeggiValutazione, P::Ente),
    r(R::Referente, A::LeggiBilancio, P::Ente),
    r(R::Referente, A::RegistraStato, P::ObiettiviPropri),
    r(R::Referente, A::RegistraValore, P::ObiettiviPropri),
    r(R::Referente, A::RegistraCausa, P::ObiettiviPropri),
    r(R::Referente, A::RichiediDilazione, P::ObiettiviPropri),
    r(R::Referente, A::PrendiVisione, P::SeStesso),
    // Nucleo di valutazione / OIV: legge tutto dell'ente; scrive solo le sue osservazioni, i
    // suoi accertamenti, la proposta di valutazione del direttore e la validazione. Le dilazioni
    // degli obiettivi del direttore le decide il CdA con un atto, non il Nucleo.
    r(R::Oiv, A::LeggiPiano, P::Ente),
    r(R::Oiv, A::LeggiValutazione, P::Ente),
    r(R::Oiv, A::LeggiBilancio, P::Ente),
    r(R::Oiv, A::LeggiAudit, P::Ente),
    r(R::Oiv, A::OsservaOiv, P::Ente),
    r(R::Oiv, A::ProponiValutazioneDirettore, P::Ente),
    r(R::Oiv, A::ValidaRelazione, P::Ente),
    // Ufficio personale: valutazione individuale e fondo.
    r(R::UfficioPersonale, A::LeggiPiano, P::Ente),
    r(R::UfficioPersonale, A::LeggiValutazione, P::Ente),
    r(R::UfficioPersonale, A::LeggiBilancio, P::Ente),
    r(R::UfficioPersonale, A::AssegnaPersona, P::Ente),
    r(R::UfficioPersonale, A::ImportaValutazioni, P::Ente),
    r(R::UfficioPersonale, A::ModificaRegole, P::Ente),
    r(R::UfficioPersonale, A::EseguiFondo, P::Ente),
    r(R::UfficioPersonale, A::PrendiVisione, P::SeStesso),
    r(R::UfficioPersonale, A::ModificaOrganizzazione, P::Ente),
    r(R::UfficioPersonale, A::ImportaPresenze, P::Ente),
    r(R::UfficioPersonale, A::GestisciCheckpoint, P::Ente),
    // Registra, con l'atto del CdA, la decisione sulle dilazioni degli obiettivi del direttore.
    r(R::UfficioPersonale, A::DecidiDilazione, P::SoloDelDirettore),
    r(R::UfficioPersonale, A::DecidiValutazioneDirettore, P::Ente),
    // Ragioneria: il bilancio.
    r(R::Ragioneria, A::LeggiPiano, P::Ente),
    r(R::Ragioneria, A::LeggiValutazione, P::Ente),
    r(R::Ragioneria, A::LeggiBilancio, P::Ente),
    r(R::Ragioneria, A::ImportaBilancio, P::Ente),
    r(R::Ragioneria, A::CollegaCapitolo, P::Ente),
    r(R::Ragioneria, A::PrendiVisione, P::SeStesso),
    // Dipendente: legge e prende visione della propria scheda.
    r(R::Dipendente, A::LeggiPiano, P::Ente),
    r(R::Dipendente, A::LeggiValutazione, P::Ente),
    r(R::Dipendente, A::LeggiBilancio, P::Ente),
    r(R::Dipendente, A::PrendiVisione, P::SeStesso),
    // Lettore: sola lettura.
    r(R::Lettore, A::LeggiPiano, P::Ente),
    r(R::Lettore, A::LeggiValutazione, P::Ente),
    r(R::Lettore, A::LeggiBilancio, P::Ente),
];

/// Quali dati personali (persone, presenze, part-time, punteggi individuali, premi, schede, e
/// il prima/dopo dell'audit su di essi) un ruolo vede.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatiPersonali {
    Tutti,
    /// Le persone dei CdR del ruolo.
    CdrPropri,
    /// Solo la persona collegata all'utente.
    SeStesso,
    Nessuno,
}

/// La seconda colonna della tabella: i dati personali per ruolo.
pub fn dati_personali(ruolo: Ruolo) -> DatiPersonali {
    match ruolo {
        R::Amministratore | R::Direttore | R::Oiv | R::UfficioPersonale => DatiPersonali::Tutti,
        R::Responsabile => DatiPersonali::CdrPropri,
        R::Dipendente => DatiPersonali::SeStesso,
        R::Referente | R::Ragioneria | R::Lettore => DatiPersonali::Nessuno,
    }
}

/// Prova che il contesto può compiere `azione` su `ambito`. I metodi che scrivono lo
/// richiedono come parametro; si ottiene solo da [`Contesto::autorizza`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permesso {
    azione: Azione,
    ambito: Ambito,
}

impl Permesso {
    pub fn azione(&self) -> Azione {
        self.azione
    }
    pub fn ambito(&self) -> &Ambito {
        &self.ambito
    }
}

fn nel_cdr(assegnato: &RuoloAssegnato, ambito: &Ambito) -> bool {
    match ambito {
        Ambito::Ente => false,
        Ambito::Cdr(c) => assegnato.cdr.contains(c),
        Ambito::Obiettivo { cdr, .. } => cdr.iter().any(|c| assegnato.cdr.contains(c)),
        Ambito::Persona { cdr, .. } => cdr.as_ref().is_some_and(|c| assegnato.cdr.contains(c)),
    }
}

fn del_direttore(ambito: &Ambito) -> bool {
    match ambito {
        Ambito::Obiettivo { del_direttore, .. } => *del_direttore,
        Ambito::Persona { direttore, .. } => *direttore,
        Ambito::Ente | Ambito::Cdr(_) => false,
    }
}

/// La portata di una regola copre l'ambito, per questo ruolo assegnato?
pub fn copre(portata: Portata, assegnato: &RuoloAssegnato, ambito: &Ambito) -> bool {
    match portata {
        Portata::Ente => true,
        Portata::CdrPropri => nel_cdr(assegnato, ambito),
        Portata::ObiettiviPropri => match ambito {
            Ambito::Obiettivo { obiettivo, .. } => assegnato.obiettivi.contains(obiettivo),
            _ => false,
        },
        Portata::SeStesso => match ambito {
            Ambito::Persona { persona, .. } => assegnato.persona.as_ref() == Some(persona),
            _ => false,
        },
        Portata::NonDelDirettore => !del_direttore(ambito),
        Portata::SoloDelDirettore => del_direttore(ambito),
    }
}

/// Le regole della tabella per un ruolo e un'azione.
pub fn regole(ruolo: Ruolo, azione: Azione) -> impl Iterator<Item = &'static Regola> {
    TABELLA
        .iter()
        .filter(move |x| x.ruolo == ruolo && x.azione == azione)
}

impl Contesto {
    /// Decide con la tabella. Il superadmin dell'installazione ha, in ogni ente, i permessi
    /// dell'amministratore di sistema; il sistema (CLI) può tutto.
    pub fn autorizza(&self, azione: Azione, ambito: Ambito) -> Result<Permesso, Errore> {
        if self.e_sistema() {
            return Ok(Permesso { azione, ambito });
        }
        if azione.valuta_persone()
            && let Ambito::Persona { persona, .. } = &ambito
            && self.persone_proprie().any(|p| p == persona)
        {
            return Err(Errore::NonAutorizzato(
                "nessuno può valutare sé stesso: la propria scheda la compila chi valuta".into(),
            ));
        }
        // Il direttore non decide mai le dilazioni dei propri obiettivi (le decide il CdA con
        // un atto), neppure con un altro ruolo.
        if azione == Azione::DecidiDilazione
            && del_direttore(&ambito)
            && self.ruoli.iter().any(|a| a.ruolo == Ruolo::Direttore)
        {
            return Err(Errore::NonAutorizzato(
                "il direttore non decide le dilazioni dei propri obiettivi: le decide il CdA con un atto"
                    .into(),
            ));
        }
        let superadmin = RuoloAssegnato::semplice(Ruolo::Amministratore);
        let ruoli = self
            .ruoli
            .iter()
            .chain(self.superadmin.then_some(&superadmin));
        for a in ruoli {
            if regole(a.ruolo, azione).any(|x| copre(x.portata, a, &ambito)) {
                return Ok(Permesso { azione, ambito });
            }
        }
        Err(Errore::NonAutorizzato(format!(
            "con {} presso l'ente {} non si può {}{}",
            self.descrizione_ruoli(),
            self.ente,
            azione.descrizione(),
            match &ambito {
                Ambito::Ente => String::new(),
                Ambito::Cdr(c) => format!(" del CdR {c}"),
                Ambito::Obiettivo { obiettivo, .. } => format!(" dell'obiettivo {obiettivo}"),
                Ambito::Persona { persona, .. } => format!(" della persona {persona}"),
            }
        )))
    }

    /// Vero se il contesto può compiere l'azione (senza produrre il permesso).
    pub fn puo(&self, azione: Azione, ambito: Ambito) -> bool {
        self.autorizza(azione, ambito).is_ok()
    }

    /// Il contesto vede i dati personali di ogni persona dell'ente?
    pub fn vede_tutte_le_persone(&self) -> bool {
        self.e_sistema()
            || self.superadmin
            || self
                .ruoli
                .iter()
                .any(|a| dati_personali(a.ruolo) == DatiPersonali::Tutti)
    }

    /// Il contesto vede i dati personali di questa persona (del CdR indicato)?
    pub fn vede_persona(&self, persona: &CodicePersona, cdr: Option<&CodiceCdr>) -> bool {
        self.vede_tutte_le_persone()
            || self.ruoli.iter().any(|a| match dati_personali(a.ruolo) {
                DatiPersonali::Tutti => true,
                DatiPersonali::CdrPropri => cdr.is_some_and(|c| a.cdr.contains(c)),
                DatiPersonali::SeStesso => a.persona.as_ref() == Some(persona),
                DatiPersonali::Nessuno => false,
            })
    }

    /// Vede i dati personali di almeno qualcuno?
    pub fn vede_qualche_persona(&self) -> bool {
        self.vede_tutte_le_persone()
            || self
                .ruoli
                .iter()
                .any(|a| dati_personali(a.ruolo) != DatiPersonali::Nessuno)
    }

    fn persone_proprie(&self) -> impl Iterator<Item = &CodicePersona> {
        self.ruoli.iter().filter_map(|a| a.persona.as_ref())
    }

    fn descrizione_ruoli(&self) -> String {
        if self.ruoli.is_empty() {
            return "nessun ruolo".into();
        }
        let v: Vec<&str> = self.ruoli.iter().map(|a| a.ruolo.etichetta()).collect();
        format!("il ruolo {}", v.join(", "))
    }
}

/// L'ambito di un obiettivo del piano: i CdR a cui è assegnato e se è del direttore
/// (`TipoObiettivo::Direttore`). `None` se il piano non ha quell'obiettivo.
pub fn ambito_obiettivo(piano: &Piano, codice: &str) -> Option<Ambito> {
    let o = piano.obiettivi.iter().find(|o| o.codice == codice)?;
    Some(Ambito::Obiettivo {
        obiettivo: CodiceObiettivo::new(o.codice.as_str()),
        cdr: o
            .unita
            .iter()
            .map(|u| CodiceCdr::new(u.unita.as_str()))
            .collect(),
        del_direttore: o.tipo == TipoObiettivo::Direttore,
    })
}

/// Il ruolo nel piano indica il direttore o la direttrice («direttrice», «Direttore
/// generale»…)?
pub fn persona_e_direttore(ruolo_nel_piano: Option<&str>) -> bool {
    ruolo_nel_piano.is_some_and(|r| r.trim().to_lowercase().starts_with("dirett"))
}

/// L'ambito di una persona del piano: il suo CdR e se è il direttore. `None` se il piano non
/// ha quella persona.
pub fn ambito_persona(piano: &Piano, codice: &str) -> Option<Ambito> {
    let p = piano.persone.iter().find(|p| p.codice == codice)?;
    Some(Ambito::Persona {
        persona: CodicePersona::new(p.codice.as_str()),
        cdr: p.unita.as_deref().map(CodiceCdr::new),
        direttore: persona_e_direttore(p.ruolo.as_deref()),
    })
}

/// Cosa [`Contesto::oscura_piano`] ha tolto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Omissioni {
    /// Vero se qualche dato personale è stato omesso: chi legge lo deve dire.
    pub dati_personali_omessi: bool,
    pub persone_omesse: usize,
    pub assegnazioni_omesse: usize,
}

impl Contesto {
    /// Toglie da un elenco di dati personali (schede, punteggi individuali, premi) le voci
    /// delle persone che il contesto non vede; `persona` dà il codice della persona e il suo
    /// CdR. Restituisce quante voci ha tolto: se più di zero, la vista lo deve dire.
    pub fn filtra_persone<T>(
        &self,
        voci: &mut Vec<T>,
        persona: impl Fn(&T) -> (&str, Option<&str>),
    ) -> usize {
        if self.vede_tutte_le_persone() {
            return 0;
        }
        let prima = voci.len();
        voci.retain(|v| {
            let (codice, cdr) = persona(v);
            self.vede_persona(
                &CodicePersona::new(codice),
                cdr.map(CodiceCdr::new).as_ref(),
            )
        });
        prima - voci.len()
    }

    /// Toglie dal piano le persone che il contesto non può vedere e le loro assegnazioni
    /// (un responsabile tiene quelle dei propri CdR, un dipendente sé stesso, un lettore
    /// nessuna). Le viste che servono il piano riportano le omissioni.
    pub fn oscura_piano(&self, piano: &mut Piano) -> Omissioni {
        if self.vede_tutte_le_persone() {
            return Omissioni::default();
        }
        let omesse = self.filtra_persone(&mut piano.persone, |p| {
            (p.codice.as_str(), p.unita.as_deref())
        });
        let visibili: Vec<&str> = piano.persone.iter().map(|p| p.codice.as_str()).collect();
        let assegnazioni = piano.assegnazioni.len();
        piano
            .assegnazioni
            .retain(|a| visibili.contains(&a.persona.as_str()));
        let o = Omissioni {
            persone_omesse: omesse,
            assegnazioni_omesse: assegnazioni - piano.assegnazioni.len(),
            dati_personali_omessi: false,
        };
        Omissioni {
            dati_personali_omessi: o.persone_omesse > 0 || o.assegnazioni_omesse > 0,
            ..o
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::contesto::Attore;
    use crate::porte::TenantId;
    use crate::porte_accessi::UtenteId;
    use uuid::Uuid;

    fn ctx(ruoli: Vec<RuoloAssegnato>) -> Contesto {
        Contesto {
            tenant: TenantId(Uuid::nil()),
            ente: "CISSA".into(),
            utente: Attore::Utente {
                id: UtenteId(Uuid::nil()),
                login: "prova".into(),
            },
            ruoli,
            superadmin: false,
        }
    }

    fn ruolo(r: Ruolo) -> RuoloAssegnato {
        RuoloAssegnato::semplice(r)
    }

    fn responsabile(cdr: &[&str]) -> RuoloAssegnato {
        RuoloAssegnato {
            cdr: cdr.iter().map(|c| CodiceCdr::new(*c)).collect(),
            ..ruolo(Ruolo::Responsabile)
        }
    }

    fn con_persona(mut a: RuoloAssegnato, p: &str) -> RuoloAssegnato {
        a.persona = Some(CodicePersona::new(p));
        a
    }

    fn obiettivo(codice: &str, cdr: &[&str], del_direttore: bool) -> Ambito {
        Ambito::Obiettivo {
            obiettivo: CodiceObiettivo::new(codice),
            cdr: cdr.iter().map(|c| CodiceCdr::new(*c)).collect(),
            del_direttore,
        }
    }

    fn persona(codice: &str, cdr: Option<&str>, direttore: bool) -> Ambito {
        Ambito::Persona {
            persona: CodicePersona::new(codice),
            cdr: cdr.map(CodiceCdr::new),
            direttore,
        }
    }

    #[test]
    fn ogni_ruolo_legge_il_piano_e_nessuno_senza_ruolo() {
        for r in Ruolo::TUTTI {
            assert!(
                ctx(vec![ruolo(r)]).puo(Azione::LeggiPiano, Ambito::Ente),
                "{r:?}"
            );
        }
        let e = ctx(vec![]).autorizza(Azione::LeggiPiano, Ambito::Ente);
        assert!(matches!(e, Err(Errore::NonAutorizzato(_))), "{e:?}");
    }

    #[test]
    fn nessuno_valuta_se_stesso_nemmeno_il_direttore() {
        let dir = ctx(vec![con_persona(ruolo(Ruolo::Direttore), "P00")]);
        // Il direttore valuta gli altri…
        assert!(dir.puo(
            Azione::ValutaComportamento,
            persona("P01", Some("UO1"), false)
        ));
        // …ma non sé stesso, comunque sia marcato l'ambito.
        for marcato in [false, true] {
            let e = dir
                .autorizza(Azione::ValutaComportamento, persona("P00", None, marcato))
                .unwrap_err();
            assert!(e.to_string().contains("sé stesso"), "{e}");
        }
        // La scheda del direttore non la compila un altro direttore; il Nucleo/OIV non compila
        // schede: ne propone la valutazione (`ProponiValutazioneDirettore`), il CdA decide.
        assert!(
            !ctx(vec![ruolo(Ruolo::Direttore)])
                .puo(Azione::ValutaComportamento, persona("P00", None, true))
        );
        let oiv = ctx(vec![ruolo(Ruolo::Oiv)]);
        assert!(!oiv.puo(Azione::ValutaComportamento, persona("P00", None, true)));
        assert!(oiv.puo(Azione::ProponiValutazioneDirettore, Ambito::Ente));
        assert!(!oiv.puo(
            Azione::ValutaComportamento,
            persona("P01", Some("UO1"), false)
        ));
        // Un responsabile valuta solo il proprio CdR, e mai sé stesso.
        let resp = ctx(vec![con_persona(responsabile(&["UO1"]), "P05")]);
        assert!(resp.puo(
            Azione::ValutaComportamento,
            persona("P01", Some("UO1"), false)
        ));
        assert!(!resp.puo(
            Azione::ValutaComportamento,
            persona("P02", Some("UO2"), false)
        ));
        assert!(!resp.puo(
            Azione::ValutaComportamento,
            persona("P05", Some("UO1"), false)
        ));
        // Il dipendente non valuta e prende visione solo della propria scheda.
        let dip = ctx(vec![con_persona(ruolo(Ruolo::Dipendente), "P01")]);
        assert!(!dip.puo(Azione::ValutaComportamento, persona("P02", None, false)));
        assert!(dip.puo(Azione::PrendiVisione, persona("P01", None, false)));
        assert!(!dip.puo(Azione::PrendiVisione, persona("P02", None, false)));
        // L'ufficio personale importa le schede, ma non la propria.
        let up = ctx(vec![con_persona(ruolo(Ruolo::UfficioPersonale), "P09")]);
        assert!(up.puo(Azione::ImportaValutazioni, persona("P01", None, false)));
        assert!(!up.puo(Azione::ImportaValutazioni, persona("P09", None, false)));
    }

    #[test]
    fn il_nucleo_oiv_legge_tutto_e_scrive_solo_i_suoi_fatti() {
        let oiv = ctx(vec![ruolo(Ruolo::Oiv)]);
        let suoi = [
            Azione::OsservaOiv,
            Azione::ProponiValutazioneDirettore,
            Azione::ValidaRelazione,
        ];
        let letture = [
            Azione::LeggiPiano,
            Azione::LeggiValutazione,
            Azione::LeggiBilancio,
            Azione::LeggiAudit,
        ];
        let ambiti = [
            Ambito::Ente,
            Ambito::Cdr(CodiceCdr::new("UO1")),
            obiettivo("D1", &["UO1"], false),
            obiettivo("D2", &["UO1"], true),
            persona("P00", None, true),
            persona("P01", Some("UO1"), false),
        ];
        for a in Azione::TUTTE {
            let atteso = suoi.contains(&a) || letture.contains(&a);
            for am in &ambiti {
                assert_eq!(oiv.puo(a, am.clone()), atteso, "{a:?} {am:?}");
            }
        }
        // Approvare la Relazione (l'atto del CdA) spetta al direttore e all'amministratore.
        assert!(ctx(vec![ruolo(Ruolo::Direttore)]).puo(Azione::ApprovaRelazione, Ambito::Ente));
        assert!(
            ctx(vec![ruolo(Ruolo::Amministratore)]).puo(Azione::ApprovaRelazione, Ambito::Ente)
        );
        assert!(!ctx(vec![ruolo(Ruolo::Direttore)]).puo(Azione::ValidaRelazione, Ambito::Ente));
        assert!(
            !ctx(vec![ruolo(Ruolo::Direttore)])
                .puo(Azione::DecidiValutazioneDirettore, Ambito::Ente)
        );
    }

    #[test]
    fn dilazioni_del_direttore_non_le_decide_il_direttore() {
        let dir = ctx(vec![ruolo(Ruolo::Direttore)]);
        assert!(dir.puo(Azione::DecidiDilazione, obiettivo("D1", &["UO1"], false)));
        assert!(!dir.puo(Azione::DecidiDilazione, obiettivo("D2", &["UO1"], true)));
        // Le registra, con l'atto del CdA, l'amministratore o l'ufficio personale; non il Nucleo.
        assert!(
            !ctx(vec![ruolo(Ruolo::Oiv)])
                .puo(Azione::DecidiDilazione, obiettivo("D2", &["UO1"], true))
        );
        for r in [Ruolo::Amministratore, Ruolo::UfficioPersonale] {
            assert!(
                ctx(vec![ruolo(r)]).puo(Azione::DecidiDilazione, obiettivo("D2", &["UO1"], true))
            );
            assert!(
                !ctx(vec![ruolo(r)]).puo(Azione::DecidiDilazione, obiettivo("D1", &["UO1"], false))
            );
        }
        // Il direttore che è anche ufficio personale non decide comunque le proprie.
        let e = ctx(vec![
            ruolo(Ruolo::Direttore),
            ruolo(Ruolo::UfficioPersonale),
        ])
        .autorizza(Azione::DecidiDilazione, obiettivo("D2", &["UO1"], true))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "operazione non consentita: il direttore non decide le dilazioni dei propri obiettivi: le decide il CdA con un atto"
        );
        assert!(
            !ctx(vec![responsabile(&["UO1"])])
                .puo(Azione::DecidiDilazione, obiettivo("D1", &["UO1"], false))
        );
    }

    #[test]
    fn portate_di_responsabile_e_referente() {
        let resp = ctx(vec![responsabile(&["UO1", "UO3"])]);
        assert!(resp.puo(
            Azione::ModificaStep,
            obiettivo("D1", &["UO2", "UO3"], false)
        ));
        assert!(!resp.puo(Azione::ModificaStep, obiettivo("D2", &["UO2"], false)));
        assert!(!resp.puo(Azione::ImportaPiano, Ambito::Ente));
        assert!(resp.puo(Azione::RegistraStato, Ambito::Cdr(CodiceCdr::new("UO1"))));
        let rif = ctx(vec![RuoloAssegnato {
            obiettivi: vec![CodiceObiettivo::new("D4")],
            ..ruolo(Ruolo::Referente)
        }]);
        assert!(rif.puo(Azione::RegistraStato, obiettivo("D4", &[], false)));
        assert!(rif.puo(Azione::RichiediDilazione, obiettivo("D4", &[], false)));
        assert!(!rif.puo(Azione::RegistraStato, obiettivo("D5", &[], false)));
        assert!(!rif.puo(Azione::ModificaStep, obiettivo("D4", &[], false)));
        assert!(!rif.puo(Azione::DecidiDilazione, obiettivo("D4", &[], false)));
    }

    #[test]
    fn ruoli_di_servizio() {
        let rag = ctx(vec![ruolo(Ruolo::Ragioneria)]);
        assert!(rag.puo(Azione::ImportaBilancio, Ambito::Ente));
        assert!(!rag.puo(Azione::EseguiFondo, Ambito::Ente));
        let up = ctx(vec![ruolo(Ruolo::UfficioPersonale)]);
        assert!(up.puo(Azione::EseguiFondo, Ambito::Ente));
        assert!(!up.puo(Azione::ImportaBilancio, Ambito::Ente));
        let lett = ctx(vec![ruolo(Ruolo::Lettore)]);
        for a in Azione::TUTTE {
            let lettura = matches!(
                a,
                Azione::LeggiPiano | Azione::LeggiValutazione | Azione::LeggiBilancio
            );
            assert_eq!(lett.puo(a, Ambito::Ente), lettura, "{a:?}");
        }
        let admin = ctx(vec![ruolo(Ruolo::Amministratore)]);
        assert!(admin.puo(Azione::GestisciUtenti, Ambito::Ente));
        assert!(!admin.puo(Azione::ValutaComportamento, persona("P01", None, false)));
        assert!(!admin.puo(Azione::DecidiDilazione, obiettivo("D1", &[], false)));
        assert!(!ctx(vec![ruolo(Ruolo::Direttore)]).puo(Azione::GestisciUtenti, Ambito::Ente));
        let e = lett
            .autorizza(Azione::ImportaPiano, Ambito::Ente)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "operazione non consentita: con il ruolo lettore presso l'ente CISSA non si può importare il piano"
        );
    }

    #[test]
    fn superadmin_e_sistema() {
        let mut s = ctx(vec![]);
        s.superadmin = true;
        assert!(s.puo(Azione::GestisciUtenti, Ambito::Ente));
        assert!(s.puo(Azione::ImportaPiano, Ambito::Ente));
        // Il superadmin è un amministratore, non un valutatore.
        assert!(!s.puo(Azione::ValutaComportamento, persona("P01", None, false)));
        assert!(s.vede_tutte_le_persone());
        let sis = Contesto::sistema(TenantId(Uuid::nil()), "CISSA");
        for a in Azione::TUTTE {
            assert!(sis.puo(a, persona("P01", None, true)), "{a:?}");
        }
    }

    #[test]
    fn dati_personali_per_ruolo() {
        let p01 = CodicePersona::new("P01");
        let uo1 = CodiceCdr::new("UO1");
        let uo2 = CodiceCdr::new("UO2");
        for r in [
            Ruolo::Amministratore,
            Ruolo::Direttore,
            Ruolo::Oiv,
            Ruolo::UfficioPersonale,
        ] {
            assert!(ctx(vec![ruolo(r)]).vede_persona(&p01, None), "{r:?}");
        }
        for r in [Ruolo::Referente, Ruolo::Ragioneria, Ruolo::Lettore] {
            let c = ctx(vec![con_persona(ruolo(r), "P01")]);
            assert!(!c.vede_persona(&p01, Some(&uo1)), "{r:?}");
            assert!(!c.vede_qualche_persona(), "{r:?}");
        }
        let resp = ctx(vec![responsabile(&["UO1"])]);
        assert!(resp.vede_persona(&p01, Some(&uo1)));
        assert!(!resp.vede_persona(&p01, Some(&uo2)));
        assert!(!resp.vede_persona(&p01, None));
        assert!(!resp.vede_tutte_le_persone());
        let dip = ctx(vec![con_persona(ruolo(Ruolo::Dipendente), "P01")]);
        assert!(dip.vede_persona(&p01, Some(&uo2)));
        assert!(!dip.vede_persona(&CodicePersona::new("P02"), Some(&uo2)));
    }

    #[test]
    fn ogni_azione_ha_almeno_un_ruolo() {
        for a in Azione::TUTTE {
            assert!(TABELLA.iter().any(|x| x.azione == a), "{a:?}");
        }
        // Nessuna riga doppia nella tabella.
        for (i, x) in TABELLA.iter().enumerate() {
            assert!(
                !TABELLA[..i]
                    .iter()
                    .any(|y| y.ruolo == x.ruolo && y.azione == x.azione),
                "{x:?}"
            );
        }
    }

    #[test]
    fn piano_oscurato_secondo_il_ruolo() {
        let testo = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/plans/003.json"
        ))
        .unwrap();
        let piano = crate::file_piano::leggi_piano(&testo, "003.json").unwrap();
        let n = piano.persone.len();
        assert!(n > 10, "{n}");
        let mut p = piano.clone();
        let o = ctx(vec![ruolo(Ruolo::Direttore)]).oscura_piano(&mut p);
        assert_eq!((o.dati_personali_omessi, p.persone.len()), (false, n));
        let mut p = piano.clone();
        let o = ctx(vec![ruolo(Ruolo::Lettore)]).oscura_piano(&mut p);
        assert!(o.dati_personali_omessi);
        assert_eq!((o.persone_omesse, p.persone.len()), (n, 0));
        let primo = &piano.persone[0];
        let mut p = piano.clone();
        ctx(vec![con_persona(ruolo(Ruolo::Dipendente), &primo.codice)]).oscura_piano(&mut p);
        assert_eq!(p.persone, vec![primo.clone()]);
        assert!(p.assegnazioni.iter().all(|a| a.persona == primo.codice));
        // Nel 003 tutte le persone sono in DIR: se ne sposta metà in un altro CdR.
        let cdr = "DIR".to_string();
        let mut p = piano.clone();
        for x in p.persone.iter_mut().skip(n / 2) {
            x.unita = Some("ALTRO".into());
        }
        ctx(vec![responsabile(&[cdr.as_str()])]).oscura_piano(&mut p);
        assert_eq!(p.persone.len(), n / 2);
        assert!(
            p.persone
                .iter()
                .all(|x| x.unita.as_deref() == Some(cdr.as_str()))
        );
    }

    #[test]
    fn ambiti_dal_piano_003() {
        let testo = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/plans/003.json"
        ))
        .unwrap();
        let piano = crate::file_piano::leggi_piano(&testo, "003.json").unwrap();
        assert_eq!(
            ambito_obiettivo(&piano, "D4"),
            Some(obiettivo("D4", &["DIR"], true))
        );
        assert_eq!(ambito_obiettivo(&piano, "X9"), None);
        assert_eq!(
            ambito_persona(&piano, "P01"),
            Some(persona("P01", Some("DIR"), false))
        );
        let direttrice = piano
            .persone
            .iter()
            .find(|p| p.ruolo.as_deref() == Some("direttrice"))
            .unwrap();
        let a = ambito_persona(&piano, &direttrice.codice).unwrap();
        assert!(matches!(
            a,
            Ambito::Persona {
                direttore: true,
                ..
            }
        ));
        // Le dilazioni degli obiettivi del direttore (tutti, nel 003) non le decide il
        // direttore; la scheda della direttrice neppure: il Nucleo/OIV ne propone la valutazione.
        let dir = ctx(vec![ruolo(Ruolo::Direttore)]);
        assert!(!dir.puo(
            Azione::DecidiDilazione,
            ambito_obiettivo(&piano, "D4").unwrap()
        ));
        assert!(!dir.puo(Azione::ValutaComportamento, a.clone()));
        assert!(!ctx(vec![ruolo(Ruolo::Oiv)]).puo(Azione::ValutaComportamento, a));
        assert!(persona_e_direttore(Some(" Direttore generale")));
        assert!(!persona_e_direttore(Some("vicedirettore")) && !persona_e_direttore(None));
    }
}
