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
import java.util.UUID;

/** One try at sending a delivery, and how it went. */
@Entity
@Table(name = "delivery_attempts")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeliveryAttempt {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @JsonIgnore
    public Long id;
    @Column(name = "delivery_id")
    @JsonIgnore
    public UUID deliveryId;
    public int attempt;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    public String outcome;
    @Column(name = "http_status")
    public Integer httpStatus;
    public String error;
}
