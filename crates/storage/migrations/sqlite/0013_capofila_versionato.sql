-- Il CdR capofila di un obiettivo condiviso (0012) è parte del piano: come le altre tabelle
-- versionate (0009), non si scrive mentre la versione di testa del ciclo è approvata.

CREATE TRIGGER obiettivo_capofila_congelato_insert BEFORE INSERT ON obiettivo_capofila
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_capofila_congelato_update BEFORE UPDATE ON obiettivo_capofila
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id))
    OR EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = NEW.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;

CREATE TRIGGER obiettivo_capofila_congelato_delete BEFORE DELETE ON obiettivo_capofila
WHEN EXISTS (SELECT 1 FROM ciclo_congelato k WHERE k.tenant_id = OLD.tenant_id AND k.ciclo_id = (SELECT o.ciclo_id FROM obiettivo o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.obiettivo_id))
BEGIN SELECT RAISE(ABORT, 'il piano del ciclo è in una versione approvata, che non si modifica: usa `plan vary` per aprire una variazione'); END;
