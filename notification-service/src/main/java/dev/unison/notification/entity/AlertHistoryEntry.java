package dev.unison.notification.entity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** Something that happened to an alert: silenced, escalated, acknowledged, resolved (with who and why). */
@Entity
@Table(name = "alert_history")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertHistoryEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @JsonIgnore
    public Long id;
    @Column(name = "alert_id")
    @JsonIgnore
    public String alertId;
    public OffsetDateTime at;
    public String action;
    public String actor;
    public String note;

    public static AlertHistoryEntry of(String alertId, String action, String actor, String note) {
        AlertHistoryEntry e = new AlertHistoryEntry();
        e.alertId = alertId;
        e.at = StoredTime.now();
        e.action = action;
        e.actor = actor;
        e.note = note;
        return e;
    }
}
