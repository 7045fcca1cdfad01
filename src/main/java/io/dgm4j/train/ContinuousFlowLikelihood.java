package io.dgm4j.train;

import io.dgm4j.eval.Likelihood;
import io.dgm4j.models.cnf.AdjointGradient;
import io.dgm4j.models.cnf.ContinuousFlow;
import io.dgm4j.models.flows.Flow;
import io.dgm4j.models.flows.Transform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Maximum likelihood for a continuous flow, with the penalties its family sets:
 * loss = NLL + transport * L + hjb * R, where L = int 1/2 |v|^2 dt is the transport cost and R the HJB
 * penalty of a potential flow (OT-Flow), each a per-example mean. The three terms are logged apart
 * (train_nll, train_transport, and train_hjb for potential flows), so a user sees what the penalties cost;
 * with an adaptive solver also train_nfe, the field evaluations of the step's solve (FFJORD's measure of
 * how hard the learned dynamics are to integrate). With gradient=adjoint the gradient comes from
 * {@link AdjointGradient} (its backward solve's evaluations count in train_nfe).
 * Held out, only the NLL counts.
 */
public final class ContinuousFlowLikelihood implements Objective {
    private final Flow flow;
    /** Fixed maps applied before the ODE (the --standardize affine map), or none. */
    private final List<Transform> preprocessing;
    private final ContinuousFlow ode;

    private ContinuousFlowLikelihood(Flow flow, List<Transform> preprocessing, ContinuousFlow ode) {
        this.flow = flow;
        this.preprocessing = preprocessing;
        this.ode = ode;
    }

    /** This objective for a flow whose last transform is a continuous flow, else null. */
    static ContinuousFlowLikelihood forFlow(Flow flow) {
        ContinuousFlow ode = ContinuousFlow.endingOf(flow);
        if (ode == null) {
            return null;
        }
        List<Transform> steps = flow.steps();
        return new ContinuousFlowLikelihood(flow, new ArrayList<>(steps.subList(0, steps.size() - 1)), ode);
    }

    @Override
    public List<List<Tensor>> parameterGroups() {
        return List.of(flow.parameters().list());
    }

    @Override
    public List<String> trainMetrics() {
        List<String> names = new ArrayList<>(List.of("train_loss", "train_nll", "train_transport"));
        if (ode.isPotentialFlow()) {
            names.add("train_hjb");
        }
        if (ode.adaptiveTraining()) {
            names.add("train_nfe");
        }
        return names;
    }

    @Override
    public List<String> validationMetrics() {
        return List.of("val_nll");
    }

    @Override
    public Map<String, Double> step(Tensor batch, Optimization optimization) {
        Tensor x = batch;
        Tensor logDet = null;
        for (Transform t : preprocessing) {
            Transform.Result r = t.forward(x);
            x = r.output();
            logDet = logDet == null ? r.logAbsDet() : logDet.add(r.logAbsDet());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Terms terms;
        int evaluations;
        if (ode.adjointTraining()) {
            Tensor fixedLogDet = logDet;
            List<Tensor> parameters = flow.parameters().list();
            AdjointGradient.Result adjoint = AdjointGradient.of(ode, x, true,
                    end -> terms(end, fixedLogDet).loss(), parameters);
            try (NoGradGuard off = new NoGradGuard()) {
                terms = terms(adjoint.forward(), logDet);
            }
            metrics.put("train_loss", optimization.minimize(0, adjoint.surrogateLoss(parameters)));
            evaluations = adjoint.evaluations();
        } else {
            ContinuousFlow.Integration solve = ode.integrate(x, true);
            terms = terms(solve, logDet);
            metrics.put("train_loss", optimization.minimize(0, terms.loss()));
            evaluations = solve.evaluations();
        }
        metrics.put("train_nll", terms.nll().item_double());
        metrics.put("train_transport", terms.transport().item_double());
        if (ode.isPotentialFlow()) {
            metrics.put("train_hjb", terms.hjb().item_double());
        }
        if (ode.adaptiveTraining()) {
            metrics.put("train_nfe", (double) evaluations);
        }
        return metrics;
    }

    /** The per-example means of the loss's terms, and the loss. */
    private record Terms(Tensor nll, Tensor transport, Tensor hjb, Tensor loss) {
    }

    /** The terms from a solve's end state; {@code logDet} of the preprocessing, or null. */
    private Terms terms(ContinuousFlow.Integration solve, Tensor logDet) {
        Tensor logProb = flow.base().logProb(solve.end()).add(solve.logAbsDet());
        Tensor nll = (logDet == null ? logProb : logProb.add(logDet)).mean().neg();
        Tensor transport = solve.transportCost().mean();
        Tensor hjb = solve.hjbCost().mean();
        ContinuousFlow.Penalties weights = ode.penalties();
        Tensor loss = nll.add(transport.mul(new Scalar(weights.transport()))).add(hjb.mul(new Scalar(weights.hjb())));
        return new Terms(nll, transport, hjb, loss);
    }

    @Override
    public Map<String, Double> validate(Tensor data) {
        return Map.of("val_nll", Likelihood.meanNll(flow, data));
    }
}
