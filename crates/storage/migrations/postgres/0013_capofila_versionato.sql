-- Il CdR capofila di un obiettivo condiviso (0012) è parte del piano: come le altre tabelle
-- versionate (0009), non si scrive mentre la versione di testa del ciclo è approvata.

CREATE TRIGGER obiettivo_capofila_congelato BEFORE INSERT OR UPDATE OR DELETE ON obiettivo_capofila
    FOR EACH ROW EXECUTE FUNCTION rifiuta_piano_congelato('obiettivo');
