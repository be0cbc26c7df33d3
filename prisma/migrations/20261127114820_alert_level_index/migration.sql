-- CreateIndex
CREATE INDEX "alert_level_event_date_idx" ON "alert"("level", "event_date");
